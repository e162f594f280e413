/// `tokenizer.py` of an exported model: our tokenizer (TextData's `Tokenizer` and `HTMLText`)
/// rule for rule in Python, so a sentence gives the same ids in PyTorch as at the prompt.
enum TokenizerTemplate {
  static let source = #"""
    """The repl tokenizer in Python: the same tokens, byte for byte, as repl's TextData Tokenizer.

    - HTML leftovers: tags such as <br /> become a blank; entities (&quot;, &amp;, &#39;, ...) are decoded;
      the typographic apostrophes U+2019/U+2018 count as '.
    - Words are runs of letters and digits (any non-ASCII byte counts as a letter); '-' or "'" between two
      word characters stays inside the word; '.' or ',' between two digits keeps a number whole.
    - The clitic after a word's last apostrophe is split off: n't (don't -> do n't), 's 're 've 'll 'd 'm.
    - Every other ASCII symbol is a token of its own; lowercase folds case; stopwords drops a list.
    """

    import json
    import os

    NAMED = {"quot": 34, "amp": 38, "apos": 39, "lt": 60, "gt": 62, "nbsp": 32, "mdash": 0x2014, "ndash": 0x2013,
             "hellip": 0x2026, "rsquo": 39, "lsquo": 39, "rdquo": 0x201D, "ldquo": 0x201C, "eacute": 0xE9,
             "copy": 0xA9, "reg": 0xAE, "trade": 0x2122}
    HEX = set(b"0123456789abcdefABCDEF")
    DIGITS = set(b"0123456789")


    def _is_letter(b):
        return 97 <= b <= 122 or 65 <= b <= 90


    def _is_word(b):
        return 97 <= b <= 122 or 65 <= b <= 90 or 48 <= b <= 57 or b >= 0x80


    def _is_digit(b):
        return 48 <= b <= 57


    def _tag_end(data, i):
        if i + 2 >= len(data):
            return None
        first = data[i + 1]
        if not (_is_letter(first) or first == 47):
            return None
        for j in range(i + 2, min(len(data), i + 100)):
            if data[j] == 62:
                return j + 1
            if data[j] in (60, 10):
                return None
        return None


    def _entity(data, i):
        j = i + 1
        limit = min(len(data), i + 12)
        while j < limit and data[j] != 59:
            b = data[j]
            if not (_is_letter(b) or _is_digit(b) or b == 35):
                return None
            j += 1
        if j >= limit or j <= i + 1:
            return None
        name = bytes(data[i + 1:j])
        value = None
        if name[:2] in (b"#x", b"#X"):
            digits = name[2:]
            if digits and all(c in HEX for c in digits):
                value = int(digits, 16)
        elif name[:1] == b"#":
            digits = name[1:]
            if digits and all(c in DIGITS for c in digits):
                value = int(digits)
        else:
            value = NAMED.get(name.decode("ascii"))
        if value is None or value <= 0 or value > 0xFFFFFFFF or value > 0x10FFFF or 0xD800 <= value <= 0xDFFF:
            return None
        return (32 if value in (0xFEFF, 0xA0) else value), j - i + 1


    def _clean(data):
        out = bytearray()
        i, n = 0, len(data)
        while i < n:
            b = data[i]
            end = _tag_end(data, i) if b == 60 else None
            found = _entity(data, i) if b == 38 else None
            if end is not None:
                out.append(32)
                i = end
            elif found is not None:
                scalar, length = found
                out += b"'" if scalar in (0x2019, 0x2018) else chr(scalar).encode("utf-8")
                i += length
            elif b == 0xE2 and i + 2 < n and data[i + 1] == 0x80 and data[i + 2] in (0x99, 0x98):
                out.append(39)
                i += 3
            else:
                out.append(b)
                i += 1
        return out


    def _fold(data):
        return bytearray(b + 32 if 65 <= b <= 90 else b for b in data)


    def _word_end(data, start):
        n = len(data)
        i = start + 1
        while i < n:
            b = data[i]
            if _is_word(b):
                i += 1
                continue
            if i + 1 >= n or not _is_word(data[i + 1]):
                break
            if b in (45, 39) or (b in (46, 44) and _is_digit(data[i - 1]) and _is_digit(data[i + 1])):
                i += 2
            else:
                break
        return i


    def _lower(b):
        return b + 32 if 65 <= b <= 90 else b


    def _is_clitic(data, lo, hi):
        if hi - lo == 1:
            return _lower(data[lo]) in (115, 100, 109)
        if hi - lo == 2:
            return (_lower(data[lo]), _lower(data[lo + 1])) in ((114, 101), (118, 101), (108, 108))
        return False


    def _split(data, lo, hi, emit):
        apostrophe = hi - 1
        while apostrophe > lo and data[apostrophe] != 39:
            apostrophe -= 1
        if apostrophe <= lo:
            emit(lo, hi)
        elif _is_clitic(data, apostrophe + 1, hi):
            emit(lo, apostrophe)
            emit(apostrophe, hi)
        elif (hi - apostrophe - 1 == 1 and _lower(data[apostrophe + 1]) == 116 and apostrophe - 1 > lo
              and _lower(data[apostrophe - 1]) == 110):
            emit(lo, apostrophe - 1)
            emit(apostrophe - 1, hi)
        else:
            emit(lo, hi)


    def _scan(data, emit):
        i, n = 0, len(data)
        while i < n:
            b = data[i]
            if b <= 32 or b == 127:
                i += 1
            elif _is_word(b):
                end = _word_end(data, i)
                _split(data, i, end, emit)
                i = end
            else:
                emit(i, i + 1)
                i += 1


    class Tokenizer:
        """Splits text as repl does under the settings of the model's vocabulary."""

        def __init__(self, lowercase=True, stopwords=()):
            self.lowercase = lowercase
            self.stopwords = set(stopwords)

        def tokenize(self, text):
            data = bytearray(text.encode("utf-8"))
            if any(b in (60, 38, 0xE2) for b in data):
                data = _clean(data)
            if self.lowercase:
                data = _fold(data)
            tokens = []

            def emit(lo, hi):
                token = bytes(data[lo:hi]).decode("utf-8", errors="replace")
                if self.lowercase and any(b >= 0x80 for b in data[lo:hi]):
                    token = "".join(c.lower() for c in token)  # no final-sigma rule, as Swift's lowercased()
                if token not in self.stopwords:
                    tokens.append(token)

            _scan(data, emit)
            return tokens


    class Encoder:
        """Text to token ids with the exported vocabulary: unknown tokens are <unk> (1), at most maxlen
        ids are kept, and an empty text is one <unk>, as repl's `predict`."""

        def __init__(self, folder):
            with open(os.path.join(folder, "vocab.json"), encoding="utf-8") as f:
                self.tokens = json.load(f)
            with open(os.path.join(folder, "tokenizer.json"), encoding="utf-8") as f:
                settings = json.load(f)
            self.index = {t: i for i, t in enumerate(self.tokens)}
            self.maxlen = settings["maxlen"]
            self.tokenizer = Tokenizer(settings["lowercase"], settings["stopword_list"])

        def encode(self, text):
            ids = [self.index.get(t, 1) for t in self.tokenizer.tokenize(text)][: self.maxlen]
            return ids or [1]
    """#
}
