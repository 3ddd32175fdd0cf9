"""Fonts shipped with the badge artwork, so a badge looks the same on every machine.

- ``PlusJakartaSans-Variable.ttf``: Plus Jakarta Sans 2.071 (variable ``wght`` 200–800), SIL Open
  Font License 1.1, see ``LICENSE-PlusJakartaSans.txt``. Designed for Jakarta's city branding.
- ``DejaVuSans-Bold.ttf``: DejaVu Sans Bold 2.37, Bitstream Vera licence (DejaVu changes public
  domain), see ``LICENSE-DejaVuSans.txt``. Fallback for names in scripts Plus Jakarta Sans lacks
  (Cyrillic, Arabic, Armenian, …).

This is a package (not just a folder) so ``importlib.resources`` can find the files.
"""
