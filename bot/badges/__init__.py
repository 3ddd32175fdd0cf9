"""Digital badges for Humas Pemerintah members: the artwork (``artwork``) and Open Badges baking
(``baking``). Nothing here talks to Telegram; callers send the PNG bytes themselves."""
