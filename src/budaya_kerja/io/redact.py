"""What respondents typed, made safe to publish: nothing a respondent typed reaches an output
unless it cannot identify anyone.

Two kinds of typed text are shown at all, and both through a closed gate:

- an unknown agency name (so the team can add it to units.yaml). It is withheld entirely
  when it holds an e-mail address or a web address, is longer than :data:`MAX_NAME`, or
  could be a person's name: it is shown only when it holds one of the configured
  organisation words (dinas, badan, biro, ...) or is a single acronym in capitals, *and*
  every word in it is a word of the organisation vocabulary (:data:`NAME_WORDS`, the
  organisation words and every word of the agencies' codes, names, aliases and suffixes in
  units.yaml) or a typo of a long one. So "Dinas Kesehtan Prov" is shown, while "Dinas
  Kesehatan Budi Santoso", "SUPARMAN" and "Drs. Budi, S.Pd" are not. In a name that is
  shown, every digit run of six or more digits, counted across anything but letters (a NIP
  typed in groups, a phone number), is withheld. Job titles (kepala, sekretaris, staf) are
  not agency words: "Kepala Dinas Kesehatan" names one person;
- an invalid answer (so the agency can correct it): only a short number or scale words.

Everything else (NIPs, names, golongan, jabatan, free text) is never echoed at all.
"""

from __future__ import annotations

import difflib
import functools
import re
from collections.abc import Callable, Iterable

import pandas as pd

__all__ = [
    "DIGITS", "MAX_NAME", "NAME_WORDS", "WITHHELD", "echo_answers", "name_vocabulary",
    "redact_agencies", "redact_agency", "redact_by_units",
]  # fmt: skip

WITHHELD = "(disembunyikan)"
DIGITS = "[angka disembunyikan]"
MAX_NAME = 80  # longer "agency names" are sentences, not names
# Words of Indonesian government organisation names beyond units.yaml (no personal names).
NAME_WORDS = frozenset(
    """
    dan di ke untuk dengan serta
    provinsi prov propinsi kabupaten kab kota pemerintah pemprov pemkab pemkot daerah
    kalimantan tengah kalteng palangkaraya wilayah cabang regional pusat
    dinas badan biro kantor bidang bagian seksi subbagian subbag subbid sub satuan unit upt uptd
    balai sekretariat inspektorat sekda setda dprd opd skpd
    kesehatan pendidikan umum keuangan aset pendapatan pajak samsat pelayanan teknis
    pengelolaan pengelola administrasi kepegawaian perencanaan program evaluasi pelaporan
    data informasi tata usaha rumah tangga sakit rs puskesmas laboratorium farmasi gudang
    sekolah sma smk slb negeri perlengkapan protokol hubungan masyarakat humas
    darat laut udara angkutan jalan jembatan
    i ii iii iv v vi vii viii ix x
""".split()
)
_URL_OR_EMAIL = re.compile(r"@|://|\bwww\.|\.(?:go|co|ac|or|web|sch)\.id\b|\.(?:com|net|org)\b",
                           re.IGNORECASE)  # fmt: skip
# A digit run: digits joined by anything but letters (a NIP or phone number typed in groups
# with spaces, dots, dashes, slashes, underscores, brackets).
_DIGIT_RUN = re.compile(r"[+(]?\d(?:[\W_]*\d)*\)?")
_LONG_RUN = 6
_WORD = re.compile(r"[^\W\d_]+")  # letters of any script: a Cyrillic name is a word too
_TYPO_LENGTH = 5  # shorter words must be exact: "budi" is one letter from many words
_TYPO_CUTOFF = 0.9  # one letter wrong in a long word; "setiawan" is not "setwan" (0.86)
_ACRONYM = re.compile(r"^[A-Z][A-Z0-9]{1,11}(?:[-/.][A-Z0-9]{1,11}){0,2}\.?$")
_NUMBER = re.compile(r"^[+-]?\d{1,3}(?:[.,]\d{1,2})?$")


def name_vocabulary(
    organisation_words: Iterable[str], known_names: Iterable[str] = ()
) -> frozenset:
    """The words an agency name may consist of: :data:`NAME_WORDS`, ``organisation_words``
    and every word of ``known_names`` (the units' codes, names, aliases and suffixes)."""
    words = set(NAME_WORDS) | {w.lower() for w in organisation_words}
    for name in known_names:
        words.update(_WORD.findall(str(name).lower()))
    return frozenset(words)


def _word_test(vocabulary: frozenset) -> Callable[[str], bool]:
    """Whether a word is in ``vocabulary`` or a typo of one of its long words (each distinct
    word tested once: the typo search is ~1 ms a word)."""
    long_words = sorted(w for w in vocabulary if len(w) >= _TYPO_LENGTH)

    @functools.cache
    def agency_word(word: str) -> bool:
        return word in vocabulary or (
            len(word) >= _TYPO_LENGTH
            and bool(difflib.get_close_matches(word, long_words, n=1, cutoff=_TYPO_CUTOFF))
        )

    return agency_word


def _hide_long_digits(text: str) -> str:
    def hide(run: re.Match) -> str:
        digits = sum(c.isdigit() for c in run.group())
        return DIGITS if digits >= _LONG_RUN else run.group()

    return _DIGIT_RUN.sub(hide, text)


def _redact(text: str, organisation_words: frozenset,
            agency_word: Callable[[str], bool]) -> str:  # fmt: skip
    text = " ".join(str(text).split())
    if not text:
        return ""
    if len(text) > MAX_NAME or _URL_OR_EMAIL.search(text):
        return WITHHELD
    words = _WORD.findall(text.lower())
    plausible = bool(set(words) & organisation_words) or bool(_ACRONYM.fullmatch(text))
    if not plausible or not all(agency_word(w) for w in words):
        return WITHHELD
    return _hide_long_digits(text)


def redact_agency(name: str, organisation_words, known_names: Iterable[str] = ()) -> str:
    """An unknown agency name as it may be published (see the module docstring).

    >>> redact_agency("UPT Samsat 1982 0321 2008 041001", ["upt"])
    'UPT Samsat [angka disembunyikan]'
    >>> redact_agency("Dinas Kesehtan Prov", ["dinas"])
    'Dinas Kesehtan Prov'
    >>> redact_agency("Dinas Kesehatan Budi Santoso", ["dinas"])
    '(disembunyikan)'
    """
    return redact_agencies(pd.Series([name], dtype="object"), organisation_words,
                           known_names).iloc[0]  # fmt: skip


def redact_agencies(names: pd.Series, organisation_words,
                    known_names: Iterable[str] = ()) -> pd.Series:  # fmt: skip
    """:func:`redact_agency` for a column (each distinct name once)."""
    organisation = frozenset(w.lower() for w in organisation_words)
    agency_word = _word_test(name_vocabulary(organisation, known_names))
    distinct = pd.Series(names.unique())
    safe = distinct.map(lambda n: _redact(n, organisation, agency_word))
    return names.map(safe.set_axis(distinct)).astype("object")


def redact_by_units(names: pd.Series, spellings: Iterable[str]) -> pd.Series:
    """:func:`redact_agencies` where no organisation words are configured (evaluation
    worksheets, population frames): any word of the units' ``spellings`` makes a name
    plausible, and every word must still be an agency word."""
    return redact_agencies(names, name_vocabulary((), spellings), spellings)


def echo_answers(values: pd.Series, answer_words) -> pd.Series:
    """Invalid answers as they may be shown in rejected.csv: a short number ("99", "4,5",
    "-1") or only scale words ("sangat stuju" is withheld: one word is not on the scale);
    anything else may be a name or free text that slipped into an item column."""
    text = values.astype("string").fillna("")
    number = text.str.strip().str.fullmatch(_NUMBER.pattern).fillna(False)
    vocabulary = {w.lower() for w in answer_words}
    words = text.str.lower().str.findall(r"[^\W\d_]+")
    only_scale_words = words.map(lambda w: bool(w) and set(w) <= vocabulary).astype(bool)
    closed = text.str.fullmatch(r"[\w ,.\-]{1,30}").fillna(False)  # no other signs
    show = (number | (only_scale_words & closed)) & ~text.str.contains("_", regex=False)
    return text.where(show, WITHHELD).astype("object")
