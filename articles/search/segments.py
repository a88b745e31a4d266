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
import pickle
import zlib
from array import array
from collections import Counter
from collections.abc import Callable, Iterable, Iterator
from operator import itemgetter

from whoosh.analysis import IDTokenizer
from whoosh.codec.whoosh3 import WHOOSH3_HEADER_MAGIC, W3FieldWriter, W3PostingsWriter, W3TermInfo
from whoosh.fields import FieldType
from whoosh.formats import Existence, Frequency, Positions
from whoosh.system import emptybytes, pack_uint, pack_ushort
from whoosh.util.numeric import length_to_byte
from whoosh.util.numlists import delta_encode
from whoosh.writing import SegmentWriter

from articles.search.analysis import IndexPlan, WordsPlan, index_terms, plan_analyzer, same_words, split_words


class ArchiveSegmentWriter(SegmentWriter):
    """Whoosh's segment writer, writing the same segment files with a fraction of its calls.

    - Text fields whose analyzer is a chain of the kind search/analysis.py builds (IndexPlan) are
      analysed in a few list passes instead of Whoosh's generator per filter and Token per word, and
      the words of one text are split once for every such field that indexes it (the body for
      "text" and for the unstemmed "vocabulary"); an ID field's value is its one term. Any other
      field is Whoosh's as is.
    - Postings go to a TermPool, not Whoosh's PostingPool (see TermPool).
    - Each term's postings are written a block at a time (write_postings). Whoosh looks the
      document's field length up for every posting through five calls; here the lengths are read
      once per field.
    """

    def __init__(self, ix, **kwargs):
        super().__init__(ix, **kwargs)
        self.pool.cleanup()  # Whoosh's PostingPool, replaced before it holds anything
        self.pool = TermPool()
        self._plans = planned_fields(self.schema)
        self._whole_values = {
            name for name, field in self.schema.items()
            if field.indexed and type(field).index is FieldType.index and type(field.format) is Existence
            and type(field.analyzer) is IDTokenizer
        }
        self._stems: dict[Callable, dict[str, str]] = {}
        self._single_positions: dict[int, bytes] = {}  # Positions.encode([position]), by position

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
                    plan = self._plans.get(fieldname) if isinstance(value, str) else None
                    is_whole = fieldname in self._whole_values and isinstance(value, str)
                    if plan is not None:
                        terms, weights, values, length = self._planned_postings(field, plan, value, split, boost=fieldboost)
                    elif is_whole:
                        # An ID: the whole value is the one term (IDTokenizer), present or not (Existence).
                        terms, weights, values, length = [value.encode("utf-8")], [field.format.field_boost * fieldboost], [emptybytes], 1
                    else:
                        items = list(field.index(value))
                        length = sum(freq for _, freq, _, _ in items)
                        terms = [tbytes for tbytes, _, _, _ in items]
                        weights = [weight * fieldboost for _, _, weight, _ in items]
                        values = [vbytes for _, _, _, vbytes in items]
                    if not field.scorable:
                        length = 0
                    self.pool.add_document_terms(fieldname, docnum, terms, weights, values, is_plain=plan is not None or is_whole)
                if field.separate_spelling():
                    spellfield = field.spelling_fieldname(fieldname)
                    # Whoosh gives the spelling words the value bytes its loop left behind: the last posting's.
                    vbytes = values[-1] if field.indexed and values else None
                    self.pool.add_all(spellfield, [
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
        self, field, plan: IndexPlan, text: str, split: dict, *, boost: float
    ) -> tuple[list[bytes], list[float], list[bytes], int]:
        """Return the field's terms for the text, with their weights and value bytes, and the number of its words kept."""
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
            counts = Counter(terms)
            return (
                [term.encode("utf-8") for term in counts], [float(freq) * field_boost * boost for freq in counts.values()],
                [pack_uint(freq) for freq in counts.values()], len(terms),
            )
        found: dict[str, list[int]] = {}
        for term, position in zip(terms, positions):
            listed = found.get(term)
            if listed is None:
                found[term] = [position]
            else:
                listed.append(position)
        single = self._single_positions
        encode = fmt.encode
        values = []
        for listed in found.values():
            if len(listed) == 1:
                # Most words occur once in a text: their encoding depends on the position alone.
                encoded = single.get(listed[0])
                if encoded is None:
                    encoded = single[listed[0]] = encode(listed)
            else:
                encoded = encode(listed)
            values.append(encoded)
        return (
            [term.encode("utf-8") for term in found], [float(len(listed)) * field_boost * boost for listed in found.values()],
            values, len(terms),
        )

    def _flush_segment(self):
        self.perdocwriter.close()
        lengths = _FieldLengths(self.per_document_reader()) if self.codec.length_stats else None
        if type(self.fieldwriter) is W3FieldWriter:
            write_postings(self.fieldwriter, self.schema, lengths, self.pool.iter_terms())
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


def write_postings(
    fieldwriter: W3FieldWriter, schema, lengths: "_FieldLengths | None", terms: Iterable[tuple[str, bytes, list, list, list]]
) -> None:
    """Write each term's postings (fieldname, term bytes, docnums, weights, value bytes; sorted) a block at a time.

    What Whoosh's FieldWriter.add_postings writes, without its calls per posting: W3PostingsWriter
    buffers a block (blocklimit postings, 128) and writes it when the next posting comes, or as the
    last block (or inline in the term's info) when the term is finished; here its block buffer is
    filled with a whole block at once, with the same statistics.
    """
    for fieldname, field_terms in itertools.groupby(terms, key=itemgetter(0)):
        fieldwriter.start_field(fieldname, schema[fieldname])
        table = lengths.table(fieldname) if lengths is not None else None
        writer = fieldwriter._postwriter
        if type(writer) is W3PostingsWriter and not writer._byteids and writer._inlinelimit <= 1:
            # Whoosh's codec as configured: every term's postings go to the postings file, in blocks.
            for _, term, docnums, weights, values in field_terms:
                _write_term(fieldwriter, writer, term, docnums, weights, values, table)
            fieldwriter.finish_field()
            continue
        for _, term, docnums, weights, values in field_terms:
            fieldwriter.start_term(term)
            writer = fieldwriter._postwriter
            if type(writer) is not W3PostingsWriter or writer._byteids:
                for docnum, weight, value in zip(docnums, weights, values):
                    fieldwriter.add(docnum, weight, value or emptybytes, table[docnum] if table is not None else 0)
            else:
                limit = writer._blocklimit
                for start in range(0, len(docnums), limit):
                    if start:
                        writer._write_block()
                    stop = start + limit
                    _fill_block(writer, docnums[start:stop], weights[start:stop], values[start:stop], table)
            fieldwriter.finish_term()
        fieldwriter.finish_field()


def _write_term(
    fieldwriter: W3FieldWriter, writer: W3PostingsWriter, term: bytes, docnums, weights, values: list[bytes],
    table: "list[int] | None",
) -> None:
    """Write a term's postings in blocks and its term info, byte for byte as Whoosh's writers do one posting at a time.

    What W3FieldWriter.start_term, W3PostingsWriter.add_posting and _write_block, finish_postings
    (with inlinelimit 1: never inline) and W3FieldWriter.finish_term do, in one function: the header
    magic, then per block its length (negative for the last), its pickled statistics and its
    pickled, compressed (docnum deltas, weights, values); the term info's totals over the blocks.
    """
    postfile = writer._postfile
    limit = writer._blocklimit
    compression = writer._compression
    fixedsize = fieldwriter._format.fixed_value_size()
    info = W3TermInfo()
    start = postfile.tell()
    postfile.write(WHOOSH3_HEADER_MAGIC)
    count = len(docnums)
    for begin in range(0, count, limit):
        ids = docnums[begin : begin + limit]
        python_weights = weights[begin : begin + limit]
        block_weights = array("f", python_weights)  # what the block buffer holds (and the reader reads)
        block_values = [value for value in values[begin : begin + limit] if value]
        maxweight = max(0, max(python_weights))
        found = [length for length in (table[docnum] for docnum in ids) if length] if table is not None else []
        minlength = min(found) if found else None
        maxlength = max(found) if found else 0
        # W3TermInfo.add_block
        info._weight += sum(block_weights)
        info._df += len(ids)
        info._minlength = minlength if info._minlength is None else min(info._minlength, minlength)
        info._maxlength = max(info._maxlength, maxlength)
        info._maxweight = max(info._maxweight, maxweight)
        if info._minid is None:
            info._minid = ids[0]
        info._maxid = ids[-1]
        # W3PostingsWriter._mini_ids, _mini_weights, _mini_values
        mini_ids = tuple(delta_encode(ids))
        if all(weight == 1.0 for weight in block_weights):
            mini_weights = None
        elif all(weight == block_weights[0] for weight in block_weights):
            mini_weights = block_weights[0]
        else:
            mini_weights = tuple(block_weights)
        if fixedsize is None or fixedsize < 0:
            mini_values = tuple(block_values)
        elif fixedsize == 0:
            mini_values = None
        else:
            mini_values = emptybytes.join(block_values)
        databytes = pickle.dumps((mini_ids, mini_weights, mini_values), 2)
        if compression:
            databytes = zlib.compress(databytes, compression)
        infobytes = pickle.dumps(
            (len(ids), ids[-1], maxweight, compression, length_to_byte(minlength), length_to_byte(maxlength)), 2
        )
        blocklength = len(infobytes) + len(databytes)
        postfile.write_int(-blocklength if begin + limit >= count else blocklength)
        postfile.write(infobytes)
        postfile.write(databytes)
    info.set_extent(start, postfile.tell() - start)
    fieldwriter._tindex.add(pack_ushort(fieldwriter._fieldid) + term, info.to_bytes())


def _fill_block(writer: W3PostingsWriter, docnums, weights, values: list[bytes], table: "list[int] | None") -> None:
    """Set the writer's (empty) block buffer to the postings, as W3PostingsWriter.add_posting would one by one."""
    writer._ids = array("I", docnums)
    writer._weights = array("f", weights)
    writer._values = [value for value in values if value]
    writer._maxweight = max(0, max(weights))
    found = [length for length in (table[docnum] for docnum in docnums) if length] if table is not None else []
    writer._minlength = min(found) if found else None
    writer._maxlength = max(found) if found else 0


class TermPool:
    """A segment's postings by field and term, compact, in the order they came; given back sorted by field and term.

    Replaces Whoosh's PostingPool, a list of (fieldname, term, docnum, weight, value) tuples sorted
    at the end and spilled to disk in sorted runs past its memory limit (~210 bytes a posting):
    with 10,000 articles per writer it spilled, and writing runs a pickle per posting, then merging
    them, took more than half of the build. Documents are added in docnum order, so each term's
    postings already are: only the terms are sorted. A posting costs its docnum (4 bytes), weight
    (8) and value bytes plus an end offset (4): ~30 bytes for a text field's positions.
    """

    def __init__(self):
        self.fieldnames: set[str] = set()
        # fieldname -> term -> [docnums, weights (floats; a list once another number comes), values, value ends, is_ordered]
        self._fields: dict[str, dict[bytes, list]] = {}
        self._newest: dict[str, int] = {}  # the highest docnum of each field's postings

    def add(self, item: tuple) -> None:
        """Add one (fieldname, term bytes, docnum, weight, value bytes or None) posting (PostingPool.add)."""
        self.add_all(item[0], [item])

    def add_all(self, fieldname: str, postings: list[tuple]) -> None:
        """Add the field's (fieldname, term bytes, docnum, weight, value bytes or None) postings, in any order."""
        for _, term, docnum, weight, value in postings:
            if docnum != -1:  # Whoosh's add_postings skips them (words for a spelling graph it no longer writes)
                self.add_document_terms(fieldname, docnum, [term], [weight], [value])

    def add_document_terms(
        self, fieldname: str, docnum: int, terms: list[bytes], weights: list, values: list, *, is_plain: bool = False
    ) -> None:
        """Add a field's postings for one document.

        is_plain: the terms are distinct and the weights floats (as planned and ID fields give them),
        so a document newer than every one the field has needs no check per posting.
        """
        if not terms:
            return
        self.fieldnames.add(fieldname)
        found = self._fields.get(fieldname)
        if found is None:
            found = self._fields[fieldname] = {}
        get = found.get
        newest = self._newest.get(fieldname, -1)
        self._newest[fieldname] = max(newest, docnum)
        if is_plain and docnum > newest:
            for term, weight, value in zip(terms, weights, values):
                entry = get(term)
                if entry is None:
                    entry = found[term] = [array("i"), array("d"), bytearray(), array("I"), True]
                entry[0].append(docnum)
                entry[1].append(weight)
                buffer = entry[2]
                if value:
                    buffer += value
                entry[3].append(len(buffer))
            return
        for term, weight, value in zip(terms, weights, values):
            entry = get(term)
            if entry is None:
                entry = found[term] = [array("i"), array("d"), bytearray(), array("I"), True]
            elif entry[0][-1] >= docnum:
                entry[4] = False
            entry[0].append(docnum)
            if type(weight) is not float and type(entry[1]) is array:
                entry[1] = list(entry[1])
            entry[1].append(weight)
            buffer = entry[2]
            if value:
                buffer += value
            entry[3].append(len(buffer))

    def iter_terms(self) -> Iterator[tuple[str, bytes, list, list, list]]:
        """Yield (fieldname, term, docnums, weights, value bytes) per term, sorted; the pool is emptied as it goes."""
        for fieldname in sorted(self._fields):
            terms = self._fields.pop(fieldname)
            for term in sorted(terms):
                docnums, weights, values, ends, is_ordered = terms.pop(term)
                view = memoryview(values)
                # New bytes objects, as Whoosh's pool gives: pickle writes a repeated object as a reference.
                found = [bytes(view[begin:end]) for begin, end in zip(itertools.chain((0,), ends), ends)]
                view.release()
                if is_ordered:
                    yield fieldname, term, docnums, weights, found
                else:
                    rows = sorted(zip(docnums, weights, found))
                    yield fieldname, term, [r[0] for r in rows], [r[1] for r in rows], [r[2] for r in rows]

    def iter_postings(self) -> Iterator[tuple]:
        """Yield every (fieldname, term, docnum, weight, value bytes) posting, sorted (PostingPool.iter_postings)."""
        for fieldname, term, docnums, weights, values in self.iter_terms():
            for docnum, weight, value in zip(docnums, weights, values):
                yield fieldname, term, docnum, weight, value

    def cleanup(self) -> None:
        self._fields = {}


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
