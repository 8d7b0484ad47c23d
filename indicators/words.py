"""Words from free text: the most frequent words and two-word phrases of the proposed actions, after
Spanish and English stop words, for the presenter's "proposed actions" step.

A word or phrase counts once per answer, however often that answer repeats it: the figure says how
many proposals mention it, so one long answer cannot fill the screen. Words are compared without
accents or case ("Migración" and "migracion" are one word) and shown as most people wrote them.
A phrase is two neighbouring words, neither a stop word, with nothing but spaces between them. A
word that appears only inside a phrase already shown is left out: "personas migrantes" says it.

The stop words are written here (articles, pronouns, prepositions, conjunctions, auxiliary and very
common verbs of both languages, and "primero", which the question itself puts in many answers): short
lists, compared without accents, read at a glance and easy to extend.
"""

import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

MIN_LETTERS = 3  # shorter tokens are almost all function words or abbreviations
WORD = re.compile(r"[^\W\d_]+(?:['’-][^\W\d_]+)*")

SPANISH = """
a al algo algun alguna algunas alguno algunos ante antes aqui asi aun bajo bien cada casi como con
contra cual cuales cuando de del desde donde dos durante e el ella ellas ello ellos en entre era eran
es esa esas ese eso esos esta estaba estado estan estar estas este esto estos fue fueron ha haber
habia han hasta hay hace hacer haria la las le les lo los mas me mi mis mismo mucho muy nada ni no
nos nosotros nuestra nuestras nuestro nuestros o otra otras otro otros para pero poco por porque que
quien se sea ser si sido sin sobre solo son su sus tambien tan tanto te tener tiene tienen todo todos
tras tu un una unas uno unos usted ustedes va vez y ya primero primera etc
"""
ENGLISH = """
a about above after again all also an and any are as at be been before being below between both but
by can could did do does doing done down during each else few first for from further had has have
having he her here hers him his how i if in into is it its itself just least let like made make many
me more most much must my no nor not now of off on once only or other our ours out over own same she
should so some such than that the their them then there these they this those through to too under
until up upon us very was we were what when where which while who whom why will with would yet you
your
"""
STOP_WORDS = frozenset(SPANISH.split()) | frozenset(ENGLISH.split())


def fold(word: str) -> str:
    """ "Migración" → "migracion": how words are compared."""
    plain = unicodedata.normalize("NFKD", word).encode("ascii", "ignore").decode()
    return plain.casefold()


def tokens(text: str) -> list[str]:
    return WORD.findall(unicodedata.normalize("NFKC", str(text)))


def is_content(word: str) -> bool:
    folded = fold(word)
    return len(folded) >= MIN_LETTERS and folded not in STOP_WORDS


@dataclass(frozen=True)
class Term:
    text: str  # in lower case, unless every answer wrote it in capitals (an acronym: OIM, ACNUR)
    count: int  # how many answers mention it
    phrase: bool


def terms_of(text: str) -> tuple[dict[str, str], dict[tuple[str, str], str]]:
    """One answer's content words and two-word phrases, each once: folded form → form written."""
    words: dict[str, str] = {}
    phrases: dict[tuple[str, str], str] = {}
    found = tokens(text)
    for index, word in enumerate(found):
        if not is_content(word):
            continue
        words.setdefault(fold(word), word)
        following = found[index + 1] if index + 1 < len(found) else None
        if following and is_content(following) and _neighbours(text, word, following):
            phrases.setdefault((fold(word), fold(following)), f"{word} {following}")
    return words, phrases


def _neighbours(text: str, first: str, second: str) -> bool:
    """Only spaces between the two words in the text (no comma or full stop ends a phrase)."""
    return re.search(re.escape(first) + r"\s+" + re.escape(second), text) is not None


def frequent_terms(answers: list[str], count: int = 10, min_phrase: int = 2) -> list[Term]:
    """The `count` terms most answers mention, most first (phrases before words on a tie, then A–Z).

    A phrase counts when at least `min_phrase` answers share it; a word is left out when every answer
    that mentions it does so inside a phrase already in the list."""
    word_counts: Counter = Counter()
    phrase_counts: Counter = Counter()
    spellings: dict = {}
    for answer in answers:
        words, phrases = terms_of(answer)
        word_counts.update(words.keys())
        phrase_counts.update(phrases.keys())
        for key, written in (*words.items(), *phrases.items()):
            spellings.setdefault(key, Counter())[written] += 1
    candidates = [(n, True, key) for key, n in phrase_counts.items() if n >= min_phrase]
    candidates += [(n, False, key) for key, n in word_counts.items()]
    candidates.sort(key=lambda c: (-c[0], not c[1], c[2] if c[1] else (c[2],)))
    chosen: list[Term] = []
    covered: dict[str, int] = {}  # word → the most answers of a chosen phrase that holds it
    for n, phrase, key in candidates:
        if len(chosen) == count:
            break
        if not phrase and covered.get(key, 0) >= n:
            continue
        chosen.append(Term(_shown(spellings[key]), n, phrase))
        if phrase:
            for word in key:
                covered[word] = max(covered.get(word, 0), n)
    return chosen


def _shown(spellings: Counter) -> str:
    """The form most answers wrote (with its accents), in lower case unless every answer wrote it in
    capitals: a sentence's first word is not a name, an acronym is."""
    written = spellings.most_common(1)[0][0]
    return written if all(w.isupper() for w in spellings) else written.lower()
