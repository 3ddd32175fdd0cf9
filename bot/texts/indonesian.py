"""Indonesian texts (the default language). Keys must match bot/texts/english.py."""

MESSAGES: dict[str, str] = {
    # Command menu
    "cmd_start": "Mulai dan daftar sebagai humas pemerintah",
    "cmd_help": "Bantuan dan daftar perintah",
    # Foundation
    "welcome": (
        "Halo, {name}! 👋\n\n"
        "Saya bot <b>Humas Pemerintah</b>. ASN yang punya lebih dari 500 pengikut di "
        "Instagram, Facebook atau X dapat bergabung secara sukarela untuk membagikan "
        "informasi program pemerintah yang terverifikasi.\n\n"
        "Ketik /bantuan untuk melihat semua perintah."
    ),
    "help": (
        "<b>Perintah yang tersedia</b>\n"
        "{commands}\n\n"
        "Ada pertanyaan? Hubungi tim humas instansi Anda."
    ),
    "help_line": "/{command} — {description}",
    "error_generic": (
        "Maaf, terjadi kesalahan di pihak kami. Jawaban Anda sebelumnya sudah tersimpan; "
        "silakan coba lagi sebentar lagi."
    ),
}
