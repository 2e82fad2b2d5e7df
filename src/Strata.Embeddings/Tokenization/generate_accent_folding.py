#!/usr/bin/env python3
"""Writes accent-folding.tsv: every code point whose BERT 'strip accents' form (NFD, then drop category Mn)
differs from itself, as `hex<TAB>hex hex …` (empty right side = the character is dropped).
Hangul syllables are left out: AccentFolder decomposes them algorithmically.
Run: python3 generate_accent_folding.py > accent-folding.tsv   (header line records the Unicode version)."""
import sys
import unicodedata

print(f"# unicode {unicodedata.unidata_version}")
for cp in range(0x80, 0x110000):
    if 0xD800 <= cp <= 0xDFFF or 0xAC00 <= cp <= 0xD7A3:
        continue
    c = chr(cp)
    folded = "".join(ch for ch in unicodedata.normalize("NFD", c) if unicodedata.category(ch) != "Mn")
    if folded != c:
        print(f"{cp:X}\t{' '.join(f'{ord(ch):X}' for ch in folded)}")
