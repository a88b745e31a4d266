"""One Whoosh segment, written faster than Whoosh's own SegmentWriter writes it, with the same contents.

Where an index build spends its time (cProfile, 5,000 articles, one process): Whoosh's analysis of
each text through a generator per filter and a Token per word (a third), and the writing of the
sorted postings one call per posting (two fifths). ArchiveSegmentWriter does both in list passes:

- text fields whose analyzer is a chain of the kind search/analysis.py builds (IndexPlan) are
  analysed by split_words and index_terms, and a text indexed by several such fields (the body, for
  "text" and for the unstemmed "vocabulary") is split into words once;
- each term's postings are written a block at a time (write_postings), with the document field
  lengths read once per field;
- any other field, codec or posting writer is Whoosh's own.
Terms, frequencies, weights, positions, lengths and posting blocks are Whoosh's; tests/test_index_build.py
compares them with Whoosh's own writer, bench/index_equality.py whole indexes.

Used by search/writing.py; reads no models.
"""

import dataclasses
import itertools
from array import array
from collections import Counter
from collections.abc import Callable, Iterable
from operator import itemgetter

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import W3FieldWriter, W3PostingsWriter
from whoosh.fields import FieldType
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import emptybytes, pack_uint
from whoosh.writing import SegmentWriter

from articles.search.analysis import IndexPlan, WordsPlan, index_terms, plan_analyzer, same_words, split_words


class ArchiveSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, analysing text once per document and reading field lengths once.

    - Text fields whose analyzer is a chain of the kind search/analysis.py builds (IndexPlan) are
      analysed in a few list passes instead of Whoosh's generator per filter and Token per word, and
      the words of one text are split once for every such field that indexes it (the body for
      "text" and for the unstemmed "vocabulary"). Terms, frequencies, weights and positions are
      Whoosh's own (tests/test_index_build.py compares them); any other field is Whoosh's as is.
    - Whoosh looks the document's field length up in the segment's length column for every posting
      (each word of each document), through five calls each: 12% of a build's time. The lengths
      are the same values, read once per document and field.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self._plans = planned_fields(self.schema)
        self._whole_values = {
            name for name, field in self.schema.items()
            if field.indexed and type(field).index is FieldType.index and type(field.format) is Existence
            and type(field.analyzer) is IDTokenizer
        }
        self._stems: dict[Callable, dict[str, str]] = {}
        self._single_positions: dict[int, tuple[bytes, bytes]] = {}  # Positions.encode([position]) in two, by position

    def add_document(self, **fields):
        # Whoosh's SegmentWriter.add_document, with planned fields analysed by _planned_postings and
        # a field's postings added to the pool at once.
        self._check_state()
        perdocwriter = self.perdocwriter
        schema = self.schema
        docnum = self.docnum
        docboost = self._doc_boost(fields)
        fieldnames = sorted(name for name in fields if not name.startswith("_"))
        self._check_fields(schema, fieldnames)
        split: dict[tuple[WordsPlan, str], list[str]] = {}  # words of a text, by the plan that split them
        perdocwriter.start_doc(docnum)
        try:
            for fieldname in fieldnames:
                value = fields.get(fieldname)
                if value is None:
                    continue
                field = schema[fieldname]
                length = 0
                if field.indexed:
                    fieldboost = self._field_boost(fields, fieldname, docboost)
                    plan = self._plans.get(fieldname)
                    if plan is not None and isinstance(value, str):
                        postings, length = self._planned_postings(fieldname, field, plan, value, split, docnum=docnum, boost=fieldboost)
                    elif fieldname in self._whole_values and isinstance(value, str):
                        # An ID: the whole value is the one term (IDTokenizer), present or not (Existence).
                        postings = [(fieldname, value.encode("utf-8"), docnum, field.format.field_boost * fieldboost, emptybytes)]
                        length = 1
                    else:
                        items = list(field.index(value))
                        length = sum(freq for _, freq, _, _ in items)
                        postings = [(fieldname, tbytes, docnum, weight * fieldboost, vbytes) for tbytes, _, weight, vbytes in items]
                    if not field.scorable:
                        length = 0
                    self._pool_postings(fieldname, postings)
                if field.separate_spelling():
                    spellfield = field.spelling_fieldname(fieldname)
                    # Whoosh gives the spelling words the value bytes its loop left behind: the last posting's.
                    vbytes = postings[-1][4] if field.indexed and postings else None
                    self._pool_postings(spellfield, [
                        (spellfield, word.encode("utf-8"), 0, 1, vbytes) for word in field.spellable_words(value)
                    ])
                vformat = field.vector
                if vformat:
                    vitems = vformat.word_values(value, field.analyzer, mode="index")
                    vitems = sorted((text, weight, vbytes) for text, _, weight, vbytes in vitems)
                    perdocwriter.add_vector_items(fieldname, field, vitems)
                customval = fields.get(f"_stored_{fieldname}", value)
                perdocwriter.add_field(fieldname, field, customval if field.stored else None, length)
                column = field.column_type
                if column and customval is not None:
                    perdocwriter.add_column_value(fieldname, column, field.to_column_value(customval))
        except Exception:
            perdocwriter.cancel_doc()
            raise
        perdocwriter.finish_doc()
        self._added = True
        self.docnum += 1

    def _planned_postings(
        self, fieldname: str, field, plan: IndexPlan, text: str, split: dict, *, docnum: int, boost: float
    ) -> tuple[list[tuple], int]:
        """Return (the field's postings for the text, as the pool takes them; the number of its terms)."""
        key = (plan.words, text)
        words = split.get(key)
        if words is None:
            words = split[key] = split_words(text, plan.words)
        stems = self._stems.setdefault(plan.stem, {}) if plan.stem is not None else {}
        terms, positions = index_terms(words, plan, stems=stems)
        fmt = field.format
        # Whoosh's weight: the term's frequency (a boost of 1.0 per word) times the field's boost,
        # then times the document's boost for the field, in that order (the same float).
        field_boost = fmt.field_boost
        if type(fmt) is Frequency:
            return [
                (fieldname, term.encode("utf-8"), docnum, float(freq) * field_boost * boost, pack_uint(freq))
                for term, freq in Counter(terms).items()
            ], len(terms)
        found: dict[str, list[int]] = {}
        for term, position in zip(terms, positions):
            listed = found.get(term)
            if listed is None:
                found[term] = [position]
            else:
                listed.append(position)
        single = self._single_positions
        postings = []
        for term, listed in found.items():
            if len(listed) == 1:
                # Most words occur once in a text: their encoding depends on the position alone. A new
                # bytes object each time, as Whoosh makes: pickle writes a repeated object as a
                # reference, so shared ones would change the posting blocks' bytes.
                parts = single.get(listed[0])
                if parts is None:
                    whole = fmt.encode(listed)
                    parts = single[listed[0]] = (whole[:1], whole[1:])
                encoded = parts[0] + parts[1]
            else:
                encoded = fmt.encode(listed)
            postings.append((fieldname, term.encode("utf-8"), docnum, float(len(listed)) * field_boost * boost, encoded))
        return postings, len(terms)

    def _pool_postings(self, fieldname: str, postings: list[tuple]) -> None:
        """Add a field's postings to the posting pool, which spills a sorted run to disk past its size limit."""
        if not postings:
            return
        pool = self.pool
        pool.fieldnames.add(fieldname)
        # Whoosh's estimate of a posting's memory (PostingPool.add), summed for the field.
        pool.currentsize += (
            len(postings) * (150 + len(fieldname))
            + 2 * sum(map(len, map(_second, postings)))
            + sum(len(vbytes) for vbytes in map(_fifth, postings) if vbytes)
        )
        pool.current.extend(postings)
        if pool.currentsize > pool.limit:
            pool.save()

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _FieldLengths(self.per_document_reader()) if self.codec.length_stats else None
        if type(self.fieldwriter) is W3FieldWriter:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_postings())
        else:
            self.fieldwriter.add_postings(self.schema, lengths, self.pool.iter_postings())
        self.fieldwriter.close()
        if lengths:
            lengths.close()


def planned_fields(schema) -> dict[str, IndexPlan]:
    """Return the plans of the schema's fields that ArchiveSegmentWriter analyses itself.

    Fields indexed by FieldType.index (no override) with positions or frequencies (TEXT), whose
    analyzer has a plan. Fields whose words are split alike share one WordsPlan object, so a text
    indexed by several of them is split once (each field's analyzer is unpickled separately from
    the index's table of contents, with its own copy of the character map).
    """
    plans: dict[str, IndexPlan] = {}
    for name, field in schema.items():
        if not field.indexed or type(field).index is not FieldType.index or type(field.format) not in (Positions, Frequency):
            continue
        plan = plan_analyzer(field.analyzer) if field.analyzer is not None else None
        if plan is None:
            continue
        shared = next((other.words for other in plans.values() if same_words(other.words, plan.words)), None)
        plans[name] = dataclasses.replace(plan, words=shared) if shared is not None else plan
    return plans


def write_postings(fieldwriter: W3FieldWriter, schema, lengths: "_FieldLengths | None", postings: Iterable[tuple]) -> None:
    """Write sorted (fieldname, term bytes, docnum, weight, value bytes) postings, each term's a block at a time.

    What Whoosh's FieldWriter.add_postings writes, without its calls per posting: W3PostingsWriter
    buffers a block (blocklimit postings, 128) and writes it when the next posting comes, or as the
    last block (or inline in the term's info) when the term is finished; here its block buffer is
    filled with a whole block at once, with the same statistics.
    """
    by_field = itertools.groupby(postings, key=itemgetter(0))
    for fieldname, field_postings in by_field:
        fieldwriter.start_field(fieldname, schema[fieldname])
        table = lengths.table(fieldname) if lengths is not None else None
        for term, term_postings in itertools.groupby(field_postings, key=itemgetter(1)):
            # Whoosh's add_postings skips document -1 (words for a spelling graph it no longer writes).
            rows = [row for row in term_postings if row[2] != -1]
            if not rows:
                continue
            fieldwriter.start_term(term)
            writer = fieldwriter._postwriter
            if type(writer) is not W3PostingsWriter or writer._byteids:
                for _, _, docnum, weight, value in rows:
                    fieldwriter.add(docnum, weight, value or emptybytes, table[docnum] if table is not None else 0)
            else:
                limit = writer._blocklimit
                for start in range(0, len(rows), limit):
                    if start:
                        writer._write_block()
                    _fill_block(writer, rows[start : start + limit], table)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _fill_block(writer: W3PostingsWriter, rows: list[tuple], table: "list[int] | None") -> None:
    """Set the writer's (empty) block buffer to the rows, as W3PostingsWriter.add_posting would one by one."""
    docnums = [row[2] for row in rows]
    weights = [row[3] for row in rows]
    writer._ids = array("I", docnums)
    writer._weights = array("f", weights)
    writer._values = [row[4] for row in rows if row[4]]
    writer._maxweight = max(0, max(weights))
    found = [length for length in (table[docnum] for docnum in docnums) if length] if table is not None else []
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0


_second = itemgetter(1)
_fifth = itemgetter(4)


class _FieldLengths:
    """A segment's field lengths as one list per field, read from its per-document reader on first use."""

    def __init__(self, reader):
        self._reader = reader
        self._tables: dict[str, list[int]] = {}

    def doc_field_length(self, docnum: int, fieldname: str, default: int = 0) -> int:
        return self.table(fieldname)[docnum]

    def table(self, fieldname: str) -> list[int]:
        """Return the field's length in every document of the segment, by document number."""
        table = self._tables.get(fieldname)
        if table is None:
            read = self._reader.doc_field_length
            table = self._tables[fieldname] = [read(n, fieldname, 0) for n in range(self._reader.doc_count_all())]
        return table

    def close(self) -> None:
        self._reader.close()
