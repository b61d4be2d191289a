"""Every rule the checker knows, with the words that explain it.

The CLI's ``explain`` command and the editor guide both print from this table,
so an editor reads the same text wherever they meet a rule.
"""

from __future__ import annotations

from build_tools.model import Severity
from build_tools.rules.rule import CHECK, LINKS, Rule

__all__ = ["CHECK", "ENTRY_RULE_IDS", "LINKS", "RULES", "Rule", "rule"]

E = Severity.ERROR
W = Severity.WARNING

_FM = "---\ntitle: Court hears appeal\ndate: 2016-02-22\nsummary: An appeal was heard.\n"
_SRC = "sources:\n  - id: court\n    title: Hearing record\n    publisher: Ankara court\n"

RULES: dict[str, Rule] = {
    r.id: r
    for r in (
        Rule(
            "ST000",
            E,
            "the file cannot be read as UTF-8 text",
            "Entries are UTF-8 text files of at most 1 MiB. A file with invalid bytes, NUL "
            "bytes (a binary file saved by mistake) or an absurd size is refused whole, so "
            "no entry is ever published half-read. Re-save the file as UTF-8.",
            "A file saved as Latin-1: caf\\xe9 instead of café.",
            "The same file saved as UTF-8.",
        ),
        Rule(
            "ST001",
            E,
            "front-matter is missing, not a mapping, or not valid YAML",
            "Every entry starts with YAML front-matter between two lines of three dashes. "
            "The position given is YAML's own: look there, or just before, for an unclosed "
            "quote, a tab used for indentation, or a key repeated.",
            '---\ntitle: "Unclosed quote\ndate: 2016-02-22\n---\n',
            '---\ntitle: "Closed quote"\ndate: 2016-02-22\n---\n',
        ),
        Rule(
            "ST002",
            E,
            "a required entry field is missing or has the wrong type",
            "An entry needs title, date and summary (text), and sources (a list). Dates are "
            "real calendar dates written YYYY-MM-DD; authors must be ids listed in "
            "content/.authors.yml; tags are a list of text; draft is true or false.",
            "---\ntitle: Court hears appeal\ndate: 2016-02-30\n---\n",
            _FM + _SRC + "    role: primary\n---\n",
        ),
        Rule(
            "ST003",
            E,
            "a source lacks id, title, publisher or role, has a bad id or role, or repeats an id",
            "Each source needs an id (lowercase letters, digits, '.', '_' or '-', starting "
            "with a letter or digit, unique in the entry), a title, a publisher and a role "
            "(primary or secondary).",
            _FM + "sources:\n  - id: Court Record\n    title: Hearing record\n",
            _FM + _SRC + "    role: primary\n",
        ),
        Rule(
            "ST004",
            E,
            "a source url or archive_url is not an absolute http(s) URL",
            "Readers must be able to follow a source safely: only absolute http:// and "
            "https:// addresses are accepted. javascript:, data:, relative and malformed "
            "addresses are refused.",
            _FM + _SRC + "    role: primary\n    url: javascript:alert(1)\n",
            _FM + _SRC + "    role: primary\n    url: https://example.org/hearing\n",
        ),
        Rule(
            "ST005",
            W,
            "an unknown front-matter field (most likely a typo)",
            "A field the format does not know is ignored, which usually means a typo that "
            "silently drops information. The message names the nearest known field.",
            _FM + "tilte: Court hears appeal\n",
            _FM + "title: Court hears appeal\n",
        ),
        Rule(
            "ST010",
            E,
            "a citation names a source the entry does not list",
            "Every [@id] must name the id of a source in the entry's front-matter. The "
            "message lists the ids that are known. A source's via names other listed "
            "sources the same way, and a chain never returns to where it began: a source "
            "via itself, or via one that is via it, is refused too.",
            "The court heard the appeal [@cort].",
            "The court heard the appeal [@court].",
        ),
        Rule(
            "ST011",
            E,
            "a malformed citation",
            "Citations are written [@id], [@id, p. 4] or [@a; @b, para 2]. An empty [@], an "
            "id with capitals or spaces, or a bracket never closed is refused, and so is a "
            "listed source cited in another style ([see @id], [ @id], [-@id]), which would "
            "be published as written. Write \\[@x] for literal text.",
            "The court heard the appeal [@Court Record.",
            "The court heard the appeal [@court-record].",
        ),
        Rule(
            "ST012",
            W,
            "a listed source is never cited",
            "A source that no sentence cites is either unused (remove it) or a claim is "
            "missing its citation. Sources named in another source's via chain count as used.",
            "sources: court, agency; body cites only [@agency].",
            "Cite [@court] where the entry relies on it, or remove it.",
        ),
        Rule(
            "ST013",
            E,
            "a citation stands where nothing is claimed: a heading, table header or title",
            "A citation supports a sentence of reporting. In a heading, a table's header row, "
            "an admonition's title or a definition term there is no sentence for it to cover, "
            "and readers would see a footnote number on a label. In an image's description "
            "(its alt text) or a link's title, Markdown shows it as the text '[@id]'. Inside a "
            "link written in raw HTML (<a>...</a>) its own link to the source would be a link "
            "in a link, which browsers break apart. In the entry's fields (the title, the "
            "summary, a tag, a source's title, publisher or offline reason, a correction's "
            "text) a citation is never read: the page heading, feeds, search and the "
            "Corrections box would show the text '[@id]', so it is reported where its '[@' "
            "is written, once, whether or not the id is listed. Move the citation into the "
            "sentence or table cell that relies on the source, after any link, or name the "
            "source in words.",
            _FM + _SRC + "    role: primary\n---\n## The appeal [@court]\n"
            "The court heard the appeal.\n",
            _FM + _SRC + "    role: primary\n---\n## The appeal\n"
            "The court heard the appeal [@court].\n",
        ),
        Rule(
            "ST014",
            E,
            "a placeholder from the entry template is left unfilled",
            "'sourcetrace new' writes a placeholder in angle brackets wherever the editor has "
            "something to write: <summary>, <publisher>, <YYYY-MM-DD>, [@<source-id>], <First "
            "claim of the entry, one sentence>. One left in the front-matter would be "
            "published as the value, or as part of it (summary: An Ankara court <summary>); "
            "one left in the body would be read as raw HTML, hiding its own words and "
            "sometimes the paragraph after it, so it is reported as a placeholder and not as "
            "HTML. A placeholder is recognised whatever its case and spacing, wrapped over "
            "two lines, and partly edited while it still opens with the template's first "
            "words (<First claim of the entry>). Write the real value in its place, or "
            "delete the line of an optional field you do not need.",
            _FM.replace("An appeal was heard.", "<summary>")
            + _SRC
            + "    role: primary\n---\n<First claim of the entry, one sentence> "
            "[@<source-id>].\n",
            _FM + _SRC + "    role: primary\n---\nThe court heard the appeal [@court].\n",
        ),
        Rule(
            "ST020",
            E,
            "an uncited claim",
            "Every sentence of prose in a paragraph, list item, table cell or block quote is "
            "a claim and needs a citation; in a table every body cell counts, the first "
            "column's too, and only the header row is not a claim. A citation covers its "
            "own sentence and the uncited sentences before it in the same block, so a "
            "sentence after the block's last citation is uncited; a citation followed by a "
            "semicolon, a dash or an ellipsis closes its clause, so what follows is a claim "
            "of its own. The text of raw HTML is claimed too, and a [@id] inside it is never "
            "read: write such prose in Markdown. Put analysis in an !!! editorial admonition "
            "instead.",
            "The court heard the appeal [@court]. It will rule in March.",
            "The court heard the appeal. It will rule in March [@court].",
        ),
        Rule(
            "ST021",
            E,
            "a hedged attribution carries no citation of its own",
            "Words like 'reportedly', 'allegedly' or 'sources say' hide where a claim came "
            "from. A sentence that uses one must cite the source that says so, in the "
            "sentence itself; a citation later in the paragraph does not count. A title or "
            "summary, which listings, feeds and search show first, cannot cite, nor can a "
            "correction's text, shown in the Corrections box: name the source in words "
            "there, or state the claim plainly.",
            "The officer reportedly met him. They spoke twice [@court].",
            "The officer met him, the newspaper reported [@paper]. They spoke twice [@court].",
        ),
        Rule(
            "ST022",
            W,
            "a claim rests only on secondary sources with no chain to a primary one",
            "A claim cited only to reports of reports cannot be traced. Give the secondary "
            "source a via: list naming the listed primary source it relies on, or cite the "
            "primary source directly.",
            "sources: blog (secondary, no via); body: The court charged 27 people [@blog].",
            "blog gets via: [court] and court is listed as primary.",
        ),
        Rule(
            "ST030",
            W,
            "a source with a url has no archive_url, or one that is the url again",
            "Links rot. Give every online source an archived copy (archive_url), or an "
            "offline reason if it cannot be archived. An archive_url that names the url "
            "itself is no copy: it rots with the page.",
            _FM + _SRC + "    role: primary\n    url: https://example.org/hearing\n",
            _FM
            + _SRC
            + "    role: primary\n    url: https://example.org/hearing\n"
            + "    archive_url: https://archive.example.org/hearing\n",
        ),
        Rule(
            "ST031",
            W,
            "a source readers cannot follow: no url, no archive_url, no offline reason",
            "If a source is not online, say so: offline: gives the reason (a court file not "
            "published, an interview), and the page shows the gap plainly.",
            _FM + _SRC + "    role: primary\n",
            _FM + _SRC + "    role: primary\n    offline: court file, not published\n",
        ),
        Rule(
            "ST040",
            E,
            "a link or #anchor inside the built site is broken",
            "'sourcetrace links --site DIR' reads every page of the built site and follows "
            "each internal href and src: the file or folder it names must exist in the site, "
            "and a #fragment must match an element's id (or an anchor's name) on the page it "
            "points to. The finding names the page, line and column of the link, and the "
            "nearest file or anchor that does exist.",
            'site/index.html: <a href="about/#contact-us">Contact</a>, but about/index.html '
            "has no id 'contact-us'.",
            'site/index.html: <a href="about/#contact">Contact</a>, and about/index.html has '
            '<h2 id="contact">.',
            reported_by=LINKS,
        ),
        Rule(
            "ST041",
            E,
            "a source url is dead and the source has no archive_url",
            "'sourcetrace links --external' checks every source's url and archive_url and "
            "remembers the answers. An address is dead only after three failed checks at "
            "least three days apart, so one outage fails nothing. A dead url fails the run "
            "when the source has no archive_url, or when its archive_url is dead too; a dead "
            "url with a live archive_url, or a dead archive_url, is reported as a warning. "
            "Add an archived copy, or find another one.",
            "source 'court': url https://example.org/gone, no archive_url; the url failed "
            "checks on 2016-03-01, 2016-03-04 and 2016-03-08 (HTTP 404 Not Found).",
            "source 'court' gets archive_url: "
            "https://web.archive.org/web/2016/https://example.org/gone, a copy made while "
            "the page was live.",
            reported_by=LINKS,
        ),
        Rule(
            "ST050",
            E,
            "a link or address in the body is not http(s), a relative path, a #fragment or mailto:",
            "A link runs in the reader's browser as written: javascript: runs code, data: "
            "opens a page the site never published, and other schemes hand the reader to "
            "programs they did not choose. Inline links and images, <...> autolinks, "
            "reference definitions ([x]: ...) and the href and src of raw HTML are all "
            "read, with HTML entities decoded as the browser decodes them. Link to an "
            "http(s) page, a relative path, a #fragment or a mailto: address; to show "
            "such a link as text, put it in a code span.",
            "Read the [ruling](javascript:alert(1)) [@court].",
            "Read the [ruling](https://example.org/ruling) [@court].",
        ),
        Rule(
            "ST051",
            E,
            "raw HTML in the body that runs code, embeds another site or restyles the page",
            "Raw HTML is published as written. <script>, <style>, <link>, <meta> and <base>, "
            "embedding tags (<iframe>, <object>, <embed>), form controls (<form>, <input>, "
            "<button>, <textarea>, <select>) and any event attribute (onclick=, onerror=, "
            "...) are refused, and so is a class of the site's own, whose name starts 'st-' (a "
            "citation drawn by hand with it looks like one the check has judged); the message "
            "says what to write instead. Plain inline HTML "
            "such as <abbr>, <sub>, <sup>, <br>, <kbd> and <mark> stays allowed, and "
            "markup inside code spans and code blocks is only shown.",
            'The court heard the appeal [@court].<script src="https://example.org/x.js"></script>',
            'The court heard the appeal [@court]. Its <abbr title="High Criminal Court">'
            "HCC</abbr> sat at 10<sup>th</sup> hour.",
        ),
        Rule(
            "ST052",
            E,
            "an image or other file in the body loads from another site",
            "An image, video or stylesheet written with another site's address (an "
            "absolute http(s) or //host address in a Markdown image, a src, srcset or "
            "poster attribute, or a style attribute's url()) is fetched by every reader's "
            "browser as the page opens: that site learns who reads the entry and can "
            "change what they see. Save a copy under the docs folder and use a relative "
            "path, or link to the file instead.",
            "![The courthouse](https://example.org/courthouse.jpg)",
            "![The courthouse](../../assets/courthouse.jpg)",
        ),
        Rule(
            "ST053",
            W,
            "a source's address names a private, loopback or otherwise non-public host",
            "A source is cited so that readers can follow it; an address on a private "
            "network (10.x, 192.168.x), the machine itself (127.0.0.1, localhost), the "
            "cloud metadata address (169.254.169.254) or any other address "
            "that is not on the public internet cannot be, and the link check refuses to "
            "fetch it so that the nightly job can never be aimed at the network it runs in. "
            "Use the source's public address, or its archived copy.",
            _FM + _SRC + "    role: primary\n    url: http://10.0.0.7/ruling\n",
            _FM + _SRC + "    role: primary\n    url: https://example.org/ruling\n",
        ),
        Rule(
            "ST054",
            W,
            "a relative link leads to a page, file or anchor the site does not have",
            "A link inside the digest is written as a relative path to the page's Markdown "
            "file (../2016/appeal.md), optionally with an anchor (#the-ruling). When the file "
            "or the anchor does not exist, the reader meets a dead link; the build warns "
            "about the same link, so `check --strict` and `mkdocs build --strict` fail alike. "
            "Correct the path or the anchor: anchors are the ids of the target page's "
            "headings, as the table of contents shows them.",
            "See [the earlier ruling](../2015/no-such-entry.md#the-ruling).",
            "See [the earlier ruling](../2015/first-hearing.md#the-ruling).",
        ),
        Rule(
            "ST060",
            E,
            "a front-matter value holds a control character that XML forbids",
            "YAML escapes in double-quoted values (\\x1b, \\u0007, \\e, \\b and the "
            "like) make characters XML 1.0 forbids: controls other than tab, newline and "
            "carriage return, U+FFFE, U+FFFF and lone surrogates. One of them in a title, "
            "summary, tag, source or correction makes the Atom feed unreadable for every "
            "subscriber. Written straight into the file, such a character is refused as "
            "ST001; written as an escape it is refused here. Delete the escape.",
            _FM.replace("title: Court hears appeal", 'title: "Court hears appeal\\x1b[2J"'),
            _FM,
        ),
        Rule(
            "ST061",
            W,
            "a front-matter value holds an invisible control, an invisible character or a "
            "bidirectional override",
            "DEL and the C1 controls (U+007F to U+009F) are legal in XML but show as nothing "
            "or as a box. The bidirectional embeddings, overrides and isolates (U+202A to "
            "U+202E, U+2066 to U+2069) make text display in another order than it is "
            "written, and the zero-width space, non-joiner and joiner (U+200B to U+200D), the "
            "word joiner (U+2060), the soft hyphen (U+00AD), the byte-order mark (U+FEFF) and "
            "the Mongolian vowel separator (U+180E) show as nothing at all, so a title, "
            "summary, tag, source title or publisher could pass one name off as another "
            '("Reu\\u200bters" looks like "Reuters"; the Sources index groups the two as one '
            "publisher). Bidirectional controls and invisible characters are looked for in "
            "those names only, since a quote in Arabic, Hebrew or Persian may need them. "
            "Delete the character.",
            _FM + _SRC.replace("publisher: Ankara court", 'publisher: "Ankara \\u202etruoc"'),
            _FM + _SRC,
        ),
        Rule(
            "ST062",
            E,
            "a tag is longer than 100 characters",
            "A tag names a topic in a few words; it becomes a page name, a link and a feed "
            "category. A tag over 100 characters is almost always a sentence pasted into "
            "the wrong field. (An empty tag is refused as ST002.)",
            _FM + "tags: [" + "courts " * 15 + "]\n",
            _FM + "tags: [courts]\n",
        ),
        Rule(
            "ST063",
            W,
            "an entry lists the same tag twice, or two tags that differ only in case",
            "Tags that differ only in case, such as 'Courts' and 'courts', name one topic: an "
            "entry that lists both, or one tag twice, has a slip in its tags. Write each tag "
            "once, spelled the same way in every entry.",
            _FM + "tags: [courts, Courts]\n",
            _FM + "tags: [courts]\n",
        ),
        Rule(
            "ST064",
            W,
            "a title is longer than 300 characters",
            "Feeds, search results and the entry listings cut long headlines short. A title "
            "over 300 characters is a summary in the wrong field: keep the headline short "
            "and move the detail to summary.",
            _FM.replace("title: Court hears appeal", "title: " + "Court hears appeal, " * 16),
            _FM,
        ),
        Rule(
            "ST065",
            W,
            "a tag holds a comma: most likely a list of tags written without its brackets",
            "YAML reads 'tags: economy, statistics' as one tag, 'economy, statistics', which "
            "becomes one tag page no other entry shares. Write tags as a list, one topic "
            "each: tags: [economy, statistics], or one '- economy' line per tag. A comma "
            "inside quotes is taken as meant ('Washington, D.C.').",
            _FM + "tags: economy, statistics\n",
            _FM + 'tags: [economy, statistics, "Washington, D.C."]\n',
        ),
        Rule(
            "ST066",
            E,
            "dates out of order: updated or corrected before published, read before published",
            "An entry is updated, and corrected, after its date; a source is accessed after "
            "it was published. A date earlier than the one it must follow is a slip in one of "
            "the two, and readers would see it: 'Updated 2015' under 'Published 2016', in the "
            "byline and the feed. Correct whichever date is wrong.",
            _FM + "updated: 2016-02-01\n",
            _FM + "updated: 2016-03-01\n",
        ),
        Rule(
            "ST067",
            E,
            "the body holds a control character",
            "Controls other than tab and newline (a bell, an escape, the C1 controls pasted "
            "from a word processor or a terminal) and the noncharacters U+FFFE and U+FFFF "
            "show as nothing or as a box, and reach the page, claims.json and the search "
            "index as they are. XML 1.0 forbids most of them. A bidirectional override "
            "(U+202D, U+202E) shows the text after it in another order than it is written, "
            "so a hedge can hide in it. Delete the character: the message gives its code "
            "and where the first one stands.",
            "The court heard the appeal [@court].(a bell, U+0007, pasted here)",
            "The court heard the appeal [@court].",
        ),
        Rule(
            "ST068",
            E,
            "words in angle brackets that the page reads as a tag of no HTML element",
            "Markdown passes anything shaped like an HTML tag to the page as HTML, and a "
            "browser shows nothing of a tag, known or not: '<Name of the judge> heard the "
            "appeal' is published as ' heard the appeal'. A name that is no HTML, SVG or "
            "MathML element (a custom element's name, which holds a hyphen, is left alone) "
            "is such a slip, most often a placeholder of the editor's own. Write the words "
            "without the brackets, or write &lt; for the '<' to show the brackets.",
            "<Name of the judge> heard the appeal [@court].",
            "Judge Ayşe Kaya heard the appeal [@court]. In the file she is &lt;J1&gt;.",
        ),
        Rule(
            "ST069",
            E,
            "an attribute list ({: .class }) that Markdown did not apply",
            "An attribute list gives the element before it an id, a class or an attribute, "
            "but only at the end of a paragraph or a heading, or right after a link, an "
            "image or emphasis. Anywhere else, on a line of its own after a blank line or "
            "split by other markup, the page shows it as typed, braces and all, and nothing "
            "in it is read as a claim. Move it to where it applies, or remove it.",
            "The court heard the appeal [@court].\n\n{: .lead }",
            "The court heard the appeal [@court].\n{: .lead }",
        ),
    )
}

# The evidence rules (snapshots and quoted passages) keep their texts beside their code.
from build_tools.rules.evidence_texts import EVIDENCE_RULES  # noqa: E402

RULES.update({r.id: r for r in EVIDENCE_RULES})

ENTRY_RULE_IDS: frozenset[str] = frozenset(r.id for r in RULES.values() if r.about_entries)


def rule(rule_id: str) -> Rule:
    """Return the rule with this id; raise ``KeyError`` for an unknown id."""
    return RULES[rule_id]
