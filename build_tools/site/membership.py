"""A list whose ``in`` test takes constant time, for lists of pages checked on every page.

Material's blog plugin asks ``page not in posts`` for every page it renders, twice per
page. MkDocs pages compare by title and file, so each test walks the list calling
``__eq__``: quadratic in the number of entries. Two distinct page objects never share a
file, so asking by identity gives the same answers (see bench/site_bench.py for the
build times with and without it).
"""

from __future__ import annotations

from typing import Any, TypeVar

T = TypeVar("T")

_CHANGES_MEMBERS = (
    "append",
    "extend",
    "insert",
    "remove",
    "pop",
    "clear",
    "__setitem__",
    "__delitem__",
    "__iadd__",
    "__imul__",
)


class IdentityList(list[T]):
    """A list that answers ``x in list`` by object identity, in constant time.

    The set of identities is rebuilt on the first ``in`` after any change of members.
    """

    _ids: set[int] | None = None

    def __contains__(self, item: object) -> bool:
        if self._ids is None:
            self._ids = {id(x) for x in self}
        return id(item) in self._ids


def _invalidating(name: str) -> Any:
    method = getattr(list, name)

    def wrapper(self: IdentityList[Any], *args: Any, **kwargs: Any) -> Any:
        self._ids = None
        return method(self, *args, **kwargs)

    wrapper.__name__ = name
    wrapper.__doc__ = method.__doc__
    return wrapper


for _name in _CHANGES_MEMBERS:
    setattr(IdentityList, _name, _invalidating(_name))
