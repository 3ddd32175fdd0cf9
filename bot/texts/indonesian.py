"""Indonesian texts (the default language). Keys must match bot/texts/english.py."""

MESSAGES: dict[str, str] = {
    # Command menu
    "cmd_start": "Mulai dan daftar sebagai humas pemerintah",
    "cmd_chatid": "ID grup ini (untuk ADMIN_CHAT_ID)",
    "chat_id": "ID chat ini: `{chat_id}`\nPakai sebagai ADMIN_CHAT_ID bila ini grup admin.",
    "cmd_help": "Bantuan dan daftar perintah",
    # Help and the unexpected
    "help": (
        "**Perintah yang tersedia**\n{commands}\n\nAda pertanyaan? Hubungi tim humas instansi Anda."
    ),
    "help_line": "/{command} — {description}",
    "not_understood": "Maaf, saya belum mengerti. Ketik /daftar untuk mendaftar atau /bantuan untuk melihat perintah.",
    "not_understood_draft": (
        "Maaf, saya belum mengerti. Pendaftaran Anda belum selesai: ketik /daftar untuk "
        "melanjutkan, atau /bantuan untuk melihat perintah."
    ),
    "not_understood_enrolled": (
        "Maaf, saya belum mengerti. Anda sudah terdaftar: /status menunjukkan langkah berikutnya, "
        "/profil data Anda, dan /bantuan semua perintah."
    ),
    "not_understood_verified": (
        "Maaf, saya belum mengerti. Anda sudah terverifikasi sebagai Humas Pemerintah: /lencana "
        "mengirim ulang lencana Anda, /poin menunjukkan poin, dan /bantuan semua perintah."
    ),
    "edited_ignored": (
        "✏️ Pesan yang diubah tidak mengubah apa pun yang tersimpan. Untuk mengubah data Anda, "
        "ketik /profil."
    ),
    "unknown_command": "Perintah itu tidak saya kenal. Ketik /bantuan untuk melihat semua perintah.",
    "error_generic": (
        "Maaf, terjadi kesalahan di pihak kami. Jawaban Anda sebelumnya sudah tersimpan; "
        "silakan coba lagi sebentar lagi."
    ),
    "error_admin": (
        "Maaf, perintah tadi gagal karena kesalahan di pihak bot; kesalahannya sudah dicatat. "
        "Silakan coba lagi sebentar lagi."
    ),
    # Command menu (enrollment and data rights)
    "cmd_enroll": "Daftar sebagai humas pemerintah",
    "cmd_status": "Status pendaftaran dan verifikasi",
    "cmd_profile": "Lihat dan ubah data Anda",
    "cmd_cancel": "Keluar dari percakapan (data tetap tersimpan)",
    "cmd_stop": "Berhenti menerima konten",
    "cmd_resume": "Kembali menerima konten",
    "cmd_mydata": "Unduh semua data Anda (JSON)",
    "cmd_deletedata": "Hapus semua data Anda",
    "cmd_language": "Ganti bahasa / change language",
    # Consent
    "consent": (
        "**Humas Pemerintah: ajakan untuk ASN**\n\n"
        "Program ini mengajak ASN yang memiliki **lebih dari 500 pengikut** di Instagram, "
        "Facebook atau X untuk membagikan informasi program pemerintah yang terverifikasi. "
        "Keikutsertaan **sukarela**; Anda dapat berhenti kapan saja.\n\n"
        "**Data yang kami simpan**: NIP, nama lengkap, instansi, unit kerja, provinsi "
        "tugas, email kerja (opsional), akun media sosial Anda, serta ID Telegram atau nomor "
        "WhatsApp Anda.\n"
        "**Untuk apa**: memastikan Anda ASN, memverifikasi jumlah pengikut, menerbitkan "
        "lencana digital, dan mengirim konten sesuai zona waktu Anda.\n"
        "**Pesan dari kami**: konten dikirim ke Telegram atau WhatsApp pilihan Anda; di "
        "WhatsApp bisa berupa pesan templat walau Anda belum menghubungi kami.\n"
        "**Hak Anda** (UU No. 27/2022 tentang Pelindungan Data Pribadi): /datasaya untuk "
        "melihat data, /profil untuk memperbaiki, /berhenti untuk berhenti menerima konten, "
        "dan /hapusdata untuk menghapus semua data serta menarik persetujuan.\n\n"
        "Kami tidak meminta NIK maupun kata sandi. Apakah Anda setuju?"
    ),
    "btn_agree": "✅ Setuju",
    "btn_disagree": "Tidak setuju",
    "consent_declined": (
        "Baik, tidak ada data yang kami simpan. Terima kasih sudah mempertimbangkan. "
        "Jika berubah pikiran, ketik /daftar kapan saja."
    ),
    "resume": "Selamat datang kembali! Kita lanjutkan dari langkah terakhir Anda.",
    # NIP
    "ask_nip": (
        "**Langkah 1 dari 8 — NIP**\n"
        "Ketik NIP Anda (18 digit). Boleh dengan spasi, titik atau tanda hubung.\n"
        "Contoh: `19850612 201001 1 003`"
    ),
    "err_nip_empty": "NIP belum diisi.",
    "err_nip_not_digits": "NIP hanya berisi angka (boleh dipisah spasi, titik atau tanda hubung).",
    "err_nip_wrong_length": "NIP harus 18 digit; yang Anda ketik {digits} digit.",
    "err_nip_bad_birth_date": "8 digit pertama NIP (tanggal lahir TTTTBBHH) bukan tanggal yang valid.",
    "err_nip_bad_appointment_month": "Digit 9–14 NIP (TMT, TTTTBB) bukan bulan yang valid.",
    "err_nip_appointment_in_future": "Bulan pengangkatan (digit 9–14) belum terjadi.",
    "err_nip_age_at_appointment": (
        "Menurut NIP ini, usia saat pengangkatan di luar 18–60 tahun. Periksa tanggal lahir "
        "dan TMT."
    ),
    "err_nip_bad_gender_digit": "Digit ke-15 NIP (jenis kelamin) harus 1 atau 2.",
    "err_nip_zero_sequence": "Tiga digit terakhir NIP (nomor urut) tidak boleh 000.",
    "nip_example": "Contoh NIP yang benar: `19850612 201001 1 003`",
    "nip_taken": (
        "NIP ini sudah terdaftar dari akun Telegram lain, jadi tidak dapat dipakai di sini. "
        "Tim humas sudah kami beri tahu; silakan hubungi admin humas instansi Anda. "
        "Jika NIP salah ketik, silakan ketik ulang."
    ),
    "admin_nip_conflict": (
        "⚠️ **Konflik NIP**\n"
        "NIP {nip} sudah dipakai pendaftar lain (ID internal {holder_id}).\n"
        "Diklaim oleh {claimant} (ID internal {claimant_id}).\n"
        "Periksa siapa pemilik sebenarnya."
    ),
    # Name
    "ask_full_name": (
        "**Langkah 2 dari 8 — Nama lengkap**\n"
        "Ketik nama lengkap sesuai data kepegawaian, boleh dengan gelar.\n"
        "Contoh: `Dr. Siti Rahma, S.Kom., M.Si.`"
    ),
    "err_name_empty": "Nama belum diisi.",
    "err_name_too_long": "Nama terlalu panjang (maksimal 100 karakter).",
    "err_name_no_letters": "Nama harus berisi huruf, bukan hanya angka, emoji atau tanda baca.",
    "err_name_bad_characters": (
        "Nama hanya boleh berisi huruf, spasi, titik, koma, apostrof dan tanda hubung "
        "(tanpa angka atau emoji)."
    ),
    # Agency
    "ask_agency_kind": "**Langkah 3 dari 8 — Instansi**\nDi mana Anda bertugas?",
    "btn_kind_central": "Kementerian / Lembaga",
    "btn_kind_provincial": "Pemerintah Provinsi",
    "btn_kind_regional": "Pemerintah Kabupaten / Kota",
    "ask_agency_search": (
        "Ketik sebagian nama instansi Anda untuk mencarinya.\n"
        "Contoh: `Komdigi`, `Keuangan`, `Jawa Timur`"
    ),
    "agency_results": "Pilih instansi Anda, atau ketik kata lain untuk mencari lagi:",
    "agency_none_found": (
        "Tidak ada instansi yang cocok dengan “{query}”. Coba kata lain, misalnya singkatan "
        "(`Kemenkeu`) atau nama resmi (`Kementerian Keuangan`)."
    ),
    "ask_regional_agency": (
        "Ketik nama kabupaten atau kota Anda.\nContoh: `Kabupaten Sleman` atau `Kota Surabaya`"
    ),
    "err_agency_too_short": "Nama kabupaten/kota terlalu pendek.",
    "err_agency_too_long": "Nama kabupaten/kota terlalu panjang (maksimal 100 karakter).",
    "err_agency_no_letters": "Nama kabupaten/kota harus berisi huruf.",
    "err_agency_missing_region_type": "Sebutkan apakah kabupaten atau kota.",
    "err_agency_empty": "Nama kabupaten/kota belum diisi.",
    "err_agency_province": (
        "Itu nama provinsi. Untuk pemerintah provinsi, tekan ↩️ lalu pilih Pemerintah Provinsi."
    ),
    "err_agency_bad_characters": "Nama kabupaten/kota hanya boleh berisi huruf, spasi dan tanda baca.",
    "agency_example": "Contoh: `Kabupaten Sleman` atau `Kota Surabaya`",
    "btn_change_kind": "↩️ Ganti jenis instansi",
    # Work unit
    "ask_work_unit": (
        "**Langkah 4 dari 8 — Unit kerja**\n"
        "Ketik unit kerja Anda.\n"
        "Contoh: `Biro Hubungan Masyarakat` atau `Dinas Kominfo`"
    ),
    "err_unit_too_short": "Unit kerja terlalu pendek.",
    "err_unit_too_long": "Unit kerja terlalu panjang (maksimal {max} karakter).",
    "err_unit_no_letters": "Unit kerja harus berisi huruf.",
    "unit_example": "Contoh: `Biro Hubungan Masyarakat`",
    # Province
    "ask_province": (
        "**Langkah 5 dari 8 — Provinsi tempat bertugas**\n"
        "Ketik nama provinsi. Contoh: `Jawa Timur`, `DKI`, "
        "`NTT`"
    ),
    "province_results": "Pilih provinsi Anda:",
    "province_none_found": (
        "Tidak ada provinsi yang cocok dengan “{query}”. Contoh: `Jawa Barat`, "
        "`Sulsel`, `Papua Tengah`."
    ),
    "province_chosen": "Provinsi: **{province}**. Zona waktu Anda: **{zone}** (UTC+{offset}).",
    # Email
    "ask_work_email": (
        "**Langkah 6 dari 8 — Email kerja (opsional)**\n"
        "Email kerja dipakai sebagai identitas pada lencana digital Anda. "
        "Ketik email Anda atau tekan Lewati.\nContoh: `siti.rahma@komdigi.go.id`"
    ),
    "err_email_empty": "Email belum diisi.",
    "err_email_too_long": "Email terlalu panjang.",
    "err_email_missing_at": "Email harus memiliki tanda @.",
    "err_email_too_many_at": "Email hanya boleh memiliki satu tanda @.",
    "err_email_bad_local_part": "Bagian sebelum @ tidak valid.",
    "err_email_bad_domain": "Bagian setelah @ bukan domain yang valid.",
    "email_example": "Contoh: `siti.rahma@komdigi.go.id`",
    "email_not_government": (
        "Catatan: {address} bukan alamat go.id. Tidak apa-apa, tetapi email instansi lebih "
        "dipercaya."
    ),
    "btn_skip": "Lewati ⏭",
    # Social handles
    "ask_social_handle": (
        "**Langkah 7 dari 8 — Akun media sosial ({index}/5)**\n"
        "Akun **{platform}** Anda? Ketik nama pengguna (`@nama`) atau tempel "
        "tautan profil. Contoh: `{example}`\n"
        "{current}Tekan Lewati jika tidak punya. Minimal satu akun diperlukan."
    ),
    "social_current": "Tersimpan sekarang: **{handle}**. ",
    "btn_remove": "🗑 Hapus akun ini",
    "err_handle_empty": "Nama pengguna belum diisi.",
    "err_handle_wrong_platform": "Tautan itu bukan tautan {platform}.",
    "err_handle_unknown_site": "Tautan itu bukan dari situs media sosial yang kami kenal.",
    "err_handle_not_a_profile": "Tautan itu bukan halaman profil (misalnya tautan postingan).",
    "err_handle_not_a_handle": "Itu bukan nama pengguna {platform}; gunakan @nama pengguna.",
    "err_handle_not_a_post": "Itu bukan tautan postingan.",
    "err_handle_too_short": "Nama pengguna {platform} terlalu pendek.",
    "err_handle_too_long": "Nama pengguna {platform} terlalu panjang.",
    "err_handle_bad_characters": "Nama pengguna {platform} berisi karakter yang tidak diizinkan.",
    "need_one_account": (
        "Minimal satu akun media sosial diperlukan untuk verifikasi pengikut. "
        "Kita ulangi dari Instagram."
    ),
    # Summary and editing
    "summary": (
        "**Langkah 8 dari 8 — Periksa data Anda**\n\n"
        "NIP: `{nip}`\n"
        "Nama: {full_name}\n"
        "Instansi: {agency}\n"
        "Unit kerja: {work_unit}\n"
        "Provinsi: {province} ({zone})\n"
        "Email kerja: {email}\n"
        "Media sosial:\n{accounts}\n\n"
        "Apakah semuanya benar?"
    ),
    "profile": (
        "**Profil Anda** ({status})\n\n"
        "NIP: `{nip}`\n"
        "Nama: {full_name}\n"
        "Instansi: {agency}\n"
        "Unit kerja: {work_unit}\n"
        "Provinsi: {province} ({zone})\n"
        "Email kerja: {email}\n"
        "Media sosial:\n{accounts}"
    ),
    "summary_account": "• {platform}: {handle}",
    "summary_no_email": "—",
    "status_word_draft": "draf",
    "status_word_submitted": "menunggu verifikasi",
    "btn_correct": "✅ Benar",
    "btn_change": "✏️ Ubah",
    "btn_done": "✅ Selesai",
    "ask_edit_field": "Data mana yang ingin diubah?",
    "field_nip": "NIP",
    "field_full_name": "Nama",
    "field_agency": "Instansi",
    "field_work_unit": "Unit kerja",
    "field_province": "Provinsi",
    "field_work_email": "Email kerja",
    "field_social": "Media sosial",
    "btn_back": "↩️ Kembali",
    "submitted": (
        "🎉 Terima kasih, {name}! Pendaftaran Anda tersimpan dan **menunggu verifikasi**.\n\n"
        "Langkah berikutnya: kami memeriksa jumlah pengikut dan kepemilikan akun Anda. "
        "Anda akan menerima kabar di sini. Cek kapan saja dengan /status."
    ),
    "profile_saved": "Perubahan tersimpan. Akun media sosial yang diubah akan diverifikasi ulang.",
    "profile_saved_only": "Perubahan tersimpan.",
    "profile_unchanged": "Tidak ada yang diubah; profil Anda tetap seperti sebelumnya.",
    "edited_in_flow": (
        "✏️ Mengubah pesan yang sudah terkirim tidak mengubah jawaban Anda. Untuk memperbaiki "
        "jawaban, pilih **Ubah** di ringkasan akhir, atau ketik /profil setelah mendaftar."
    ),
    # Interruptions
    "text_expected": "Maaf, di langkah ini saya perlu jawaban berupa teks.",
    "button_expected": "Silakan pilih salah satu tombol di atas.",
    "command_in_flow": (
        "Anda sedang mengisi pendaftaran. Jawab pertanyaan di bawah, atau ketik /batal untuk "
        "keluar dulu (jawaban Anda tetap tersimpan)."
    ),
    "stale_button": "Tombol ini sudah tidak berlaku.",
    "button_outdated": "Tombol ini sudah kedaluwarsa. Gunakan tombol pada pesan yang terbaru.",
    "cancelled": (
        "Baik, kita berhenti dulu. Jawaban Anda tersimpan sebagai draf; ketik /daftar untuk "
        "melanjutkan."
    ),
    "nothing_to_cancel": "Tidak ada percakapan yang sedang berjalan.",
    "not_enrolled": "Anda belum terdaftar. Ketik /daftar untuk mulai.",
    # Status
    "status_draft": "📝 Pendaftaran Anda belum selesai. Ketik /daftar untuk melanjutkan.",
    "status_submitted": (
        "⏳ Pendaftaran Anda sudah dikirim pada {date} dan **menunggu verifikasi**. "
        "Kami akan mengabari Anda di sini."
    ),
    "status_paused": "Pengiriman konten untuk Anda sedang dihentikan (/lanjut untuk kembali).",
    "already_submitted": "Anda sudah terdaftar. Lihat /status atau ubah data lewat /profil.",
    # Content opt-out
    "paused": (
        "Baik, Anda tidak akan menerima konten lagi. Data Anda tetap tersimpan. "
        "Ketik /lanjut untuk kembali menerima konten, atau /hapusdata untuk menghapus data."
    ),
    "already_paused": "Pengiriman konten untuk Anda memang sedang dihentikan.",
    "resumed": "Selamat datang kembali! Anda akan menerima konten lagi.",
    "not_paused": "Pengiriman konten untuk Anda sedang aktif.",
    # Data rights
    "mydata_caption": (
        "Semua data tentang Anda yang tersimpan di bot ini (hak akses, UU PDP). "
        "Ubah lewat /profil; hapus lewat /hapusdata."
    ),
    "mydata_nothing": "Kami tidak menyimpan data apa pun tentang Anda.",
    "erase_confirm": (
        "⚠️ **Hapus semua data Anda?**\n"
        "NIP, nama, instansi, akun media sosial, persetujuan dan riwayat percakapan akan "
        "dihapus permanen dan persetujuan Anda ditarik. Ini tidak dapat dibatalkan."
    ),
    "btn_erase_yes": "🗑 Ya, hapus semuanya",
    "btn_erase_no": "Batal",
    "erased": (
        "Semua data Anda sudah dihapus dan persetujuan ditarik. Terima kasih pernah bergabung. "
        "Anda dapat mendaftar lagi kapan saja dengan /daftar."
    ),
    "erase_kept": "Baik, data Anda tidak dihapus.",
    # Language
    "ask_language": "Pilih bahasa / Choose a language:",
    "language_set": "Bahasa diganti ke Bahasa Indonesia.",
    # Verification (person)
    "cmd_verify": "Periksa ulang verifikasi akun",
    "cmd_review": "Daftar akun yang menunggu tinjauan (admin)",
    "status_verified": "✅ Anda **terverifikasi** sebagai Humas Pemerintah sejak {date}.",
    "status_verified_grace": (
        "✅ Anda **terverifikasi** sebagai Humas Pemerintah sejak {date}.\n"
        "⚠️ Pemeriksaan berkala menemukan pengikut di bawah syarat (lebih dari {threshold}). "
        "Bila pemeriksaan berikutnya belum menemukan lebih banyak, status Anda ditangguhkan "
        "pada {suspend_date}."
    ),
    "status_badge": (
        "🏅 Lencana Anda: **{number}**, berlaku sampai {date}. Ketik /lencana untuk menerima "
        "file lencana lagi."
    ),
    "status_badge_coming": "🏅 Lencana Anda sedang disiapkan dan akan dikirim di sini.",
    "status_rejected": (
        "Pendaftaran Anda belum memenuhi syarat. Anda dapat memeriksa ulang dengan /verifikasi "
        "mulai {date}."
    ),
    "status_suspended": (
        "⏸ Status Anda **ditangguhkan** karena jumlah pengikut turun. Periksa ulang dengan "
        "/verifikasi setelah pengikut Anda kembali lebih dari {threshold}."
    ),
    "status_word_verified": "terverifikasi",
    "status_word_rejected": "belum memenuhi syarat",
    "status_word_suspended": "ditangguhkan",
    "verify_checking": "🔎 Memeriksa akun media sosial Anda…",
    "verdict_verified": "✅ {platform} {handle}: {followers} pengikut — terverifikasi.",
    "verdict_needs_ownership": (
        "{platform} {handle}: {followers} pengikut ✔️\n"
        "Untuk membuktikan akun ini milik Anda, tambahkan kode `{code}` ke bio "
        "{platform} Anda, lalu tekan **Sudah**. Kode berlaku {minutes} menit; setelah "
        "terverifikasi, kode boleh dihapus."
    ),
    "verdict_code_missing": (
        "Kode `{code}` belum terlihat di bio {platform} {handle}. Pastikan bio sudah "
        "disimpan, lalu tekan **Sudah** lagi."
    ),
    "verdict_below_threshold": (
        "{platform} {handle}: {followers} pengikut. Program ini memerlukan lebih dari "
        "{threshold} pengikut."
    ),
    "verdict_needs_review": (
        "{platform} {handle} tidak dapat dibaca otomatis ({reason}). Kirim tangkapan layar "
        "profil Anda untuk ditinjau admin."
    ),
    "verdict_in_review": "{platform} {handle} sedang ditinjau admin.",
    "verdict_not_found": (
        "Akun {handle} tidak ditemukan di {platform}. Periksa nama pengguna lewat /profil."
    ),
    "verdict_suspended": "Akun {handle} ditangguhkan oleh {platform} sehingga tidak dapat dipakai.",
    "verdict_delayed": (
        "{platform} belum dapat dihubungi. Pemeriksaan {handle} akan selesai otomatis dan kami "
        "akan mengabari Anda di sini."
    ),
    "reason_not_visible": "akun pribadi, bukan akun bisnis/kreator atau halaman",
    "reason_no_api": "platform ini tidak menyediakan pemeriksaan otomatis",
    "reason_not_configured": "pemeriksaan otomatis belum diaktifkan",
    "reason_hidden_count": "jumlah pelanggan disembunyikan",
    "reason_protected": "akun terkunci (protected)",
    "verdict_protected": (
        "{platform} {handle}: {followers} pengikut, tetapi akunnya **terkunci** (protected), "
        "sehingga publik tidak dapat melihat konten yang Anda bagikan. Buka kunci akun "
        "(Pengaturan → Privasi dan keamanan → Audiens dan penandaan → matikan “Lindungi "
        "postingan Anda”), lalu ketik /verifikasi. Atau kirim tangkapan layar untuk ditinjau "
        "admin."
    ),
    "btn_code_done": "✅ Sudah",
    "btn_code_new": "🔄 Kode baru",
    "btn_send_screenshot": "📷 Kirim tangkapan layar",
    "decision_verified": (
        "🎉 **Selamat, Anda terverifikasi sebagai Humas Pemerintah!** Terima kasih telah bergabung."
    ),
    "decision_rejected": (
        "Maaf, pendaftaran Anda belum memenuhi syarat (lebih dari {threshold} pengikut di "
        "akun milik Anda). Anda dapat mengembangkan akun lalu memeriksa ulang dengan /verifikasi "
        "mulai {date}, atau memperbaiki akun lewat /profil."
    ),
    "reverify_below": (
        "Pemeriksaan berkala: {platform} {handle} kini {followers} pengikut, di bawah syarat "
        "lebih dari {threshold}. Status Anda tetap aktif sampai {date}; setelah itu akan "
        "ditangguhkan bila jumlahnya belum naik."
    ),
    "reverify_unconfirmed": (
        "Pemeriksaan berkala: admin belum dapat memastikan {platform} {handle} memiliki lebih "
        "dari {threshold} pengikut. Status Anda tetap aktif sampai {date}; kirim tangkapan "
        "layar profil terbaru sebelum tanggal itu agar tidak ditangguhkan."
    ),
    "reverify_needs_review": (
        "🔄 Pemeriksaan berkala: {platform} {handle} tidak dapat dibaca otomatis ({reason}). "
        "Kirim tangkapan layar profil terbaru yang menunjukkan jumlah pengikut untuk ditinjau "
        "admin. Status Anda tetap aktif selama peninjauan."
    ),
    "reverify_passed": (
        "✅ Pemeriksaan berkala: {platform} {handle} {followers} pengikut. Anda tetap "
        "terverifikasi; lencana Anda diperpanjang sampai {date}."
    ),
    "reverify_suspended": (
        "Status Humas Pemerintah Anda ditangguhkan karena jumlah pengikut masih di bawah syarat. "
        "Periksa ulang dengan /verifikasi kapan saja."
    ),
    "recheck_too_soon": "Pemeriksaan baru saja dilakukan. Coba lagi dalam {minutes} menit.",
    "cannot_verify_yet": "Selesaikan pendaftaran dulu dengan /daftar, lalu kami akan memeriksa akun Anda.",
    "cannot_verify_until": "Anda dapat memeriksa ulang mulai {date}.",
    # Manual review (person)
    "ask_screenshot": (
        "Kirim **tangkapan layar** profil {platform} {handle} yang menunjukkan jumlah "
        "pengikut dan kode `{code}` di bio Anda (tambahkan dulu kodenya ke bio)."
    ),
    "ask_claimed_count": (
        "Terima kasih. Berapa jumlah pengikut yang terlihat di profil? Contoh: `1,2 rb`, "
        "`1.234` atau `12,3 rb`."
    ),
    "screenshot_expected": "Kirim tangkapan layar sebagai foto, ya.",
    "err_count_empty": "Jumlah pengikut belum diisi.",
    "err_count_not_a_number": "Itu bukan jumlah pengikut.",
    "err_count_negative": "Jumlah pengikut tidak mungkin negatif.",
    "err_count_fraction": "Jumlah pengikut tanpa satuan harus bilangan bulat (mis. 1.234).",
    "err_count_too_large": "Jumlah itu terlalu besar.",
    "count_example": "Contoh: `1,2 rb`, `1.234`, `1,2 jt`.",
    "count_ambiguous": "“{text}” bisa berarti beberapa hal. Maksud Anda yang mana?",
    "review_sent": (
        "📨 Terkirim ke admin untuk ditinjau. Kami akan mengabari Anda di sini setelah ada "
        "keputusan."
    ),
    "review_approved": "✅ Admin menyetujui akun {platform} {handle}.",
    "review_rejected": "Admin belum dapat menyetujui akun {platform} {handle}: {reason}.",
    "review_no_case": "Tidak ada peninjauan yang sedang berjalan. Ketik /status untuk melihat langkah berikutnya.",
    # Review (admins)
    "review_card": (
        "🔍 **Tinjauan #{case_id}**\n"
        "{name} — {agency}\n"
        "{platform}: {profile_url}\n"
        "Klaim: {claimed} pengikut · kode `{code}`\n"
        "Bukti API: {evidence}\n"
        "Tanda: {flags}"
    ),
    "review_card_none": "—",
    "flag_follows_more": "mengikuti lebih banyak daripada diikuti",
    "flag_new_account": "akun baru",
    "flag_sudden_jump": "lonjakan pengikut",
    "flag_protected": "akun terkunci (protected)",
    "btn_approve": "✅ Setujui",
    "btn_reject": "❌ Tolak",
    "btn_reason_typed": "✍️ Ketik alasan",
    "reject_reason_count": "jumlah pengikut tidak lebih dari {threshold}",
    "reject_reason_code": "kode tidak terlihat di bio",
    "reject_reason_owner": "akun bukan milik pendaftar",
    "reject_reason_unclear": "tangkapan layar tidak jelas",
    "ask_typed_reason": "Balas pesan ini dengan alasan penolakan tinjauan #{case_id}.",
    "review_decided_approved": "✅ Disetujui oleh {admin}",
    "review_decided_rejected": "❌ Ditolak oleh {admin}: {reason}",
    "review_already_decided": "Tinjauan ini sudah diputuskan oleh {admin}.",
    "review_list_header": "**Menunggu tinjauan** (terlama dulu):",
    "review_list_line": "#{case_id} · {name} · {platform} {handle} · {claimed} · sejak {date}",
    "review_list_empty": "Tidak ada akun yang menunggu tinjauan. 🎉",
    "review_not_found": "Tinjauan #{case_id} tidak ada atau sudah diputuskan.",
    "review_usage": (
        "“{text}” bukan nomor tinjauan. Ketik `/tinjau` untuk daftar yang menunggu, "
        "atau `/tinjau 12` untuk menampilkan lagi kartu tinjauan #12."
    ),
    "review_list_page": "Halaman {page} dari {pages} ({total} menunggu).",
    "btn_page_prev": "◀️ Sebelumnya",
    "btn_page_next": "Berikutnya ▶️",
    "review_case_gone": (
        "Tinjauan #{case_id} sudah tidak ada: pemiliknya menghapus datanya. Kartu ini ditutup."
    ),
    "review_card_replaced": (
        "Kartu ini sudah kedaluwarsa: tinjauan #{case_id} ada di kartu yang lebih baru "
        "(/tinjau {case_id}). Kartu ini ditutup."
    ),
    "admin_credential_error": (
        "⚠️ Kredensial API {platform} ditolak ({problem}). Pemeriksaan {platform} ditunda "
        "sampai kredensial diperbaiki di pengaturan."
    ),
    "admin_whatsapp_token": (
        "⚠️ WhatsApp Cloud API menolak token akses (kode {code}). Pengiriman konten WhatsApp "
        "ditunda dan dicoba lagi; perbarui WHATSAPP_ACCESS_TOKEN lalu mulai ulang bot."
    ),
    "admin_suspended_summary": "⏸ {count} ASN ditangguhkan setelah masa tenggang: {names}",
    "admin_only": "Perintah ini khusus untuk tim humas (admin grup admin).",
    "admin_check_failed": (
        "Status admin Anda belum bisa dipastikan ke Telegram saat ini, jadi perintah ini belum "
        "dijalankan. Silakan coba lagi sebentar lagi."
    ),
    "admin_group_migrated": (
        "⚠️ Grup admin berpindah ke supergrup dengan ID {chat_id}. Bot mengikutinya sekarang; "
        "perbarui ADMIN_CHAT_ID di pengaturan agar tetap berlaku setelah restart."
    ),
    "cancelled_review": "Baik, pengiriman tangkapan layar dibatalkan. Tekan tombol 📷 lagi kapan saja.",
    "btn_ask_review": "🙋 Minta tinjauan admin",
    # Badges
    "cmd_badge": "Kirim ulang lencana digital Anda",
    "cmd_checkbadge": "Periksa keaslian lencana: /cekbadge NOMOR",
    "cmd_revoke": "Cabut lencana: /cabut NOMOR ALASAN (admin)",
    "badge_preview_caption": "🏅 Lencana Humas Pemerintah Anda: **{number}**",
    "badge_document_caption": (
        "File asli lencana (PNG yang dapat diverifikasi). Unggah ke Instagram, Facebook atau X; "
        "siapa pun dapat memeriksanya lewat kode QR atau {url}"
    ),
    "badge_story_caption": "Versi story (1080×1920) untuk Instagram/WhatsApp Story.",
    "badge_none": "Anda belum memiliki lencana. Lencana dikirim otomatis setelah akun Anda terverifikasi (/status).",
    "badge_coming": (
        "Lencana Anda sedang disiapkan dan akan dikirim di sini sebentar lagi. Lihat /status."
    ),
    "badge_state_valid": "✅ Lencana **{number}** sah.",
    "badge_state_expired": "⌛ Lencana **{number}** sudah kedaluwarsa.",
    "badge_state_suspended": "⏸ Lencana **{number}** ditangguhkan.",
    "badge_state_revoked": "⛔ Lencana **{number}** dicabut.",
    "badge_status_details": (
        "{state}\nPemegang: {holder}\nInstansi: {agency}\nDiterbitkan: {issued}\n"
        "Berlaku sampai: {expires}{reason}\nHalaman verifikasi: {url}"
    ),
    "badge_reason_line": "\nAlasan: {reason}",
    "badge_not_found": "Lencana {number} tidak ditemukan. Periksa kembali nomornya (contoh: GPR-2026-000123).",
    "checkbadge_usage": "Ketik nomor lencana setelah perintah, contoh: `/cekbadge GPR-2026-000123`",
    "revoke_usage": "Format: `/cabut NOMOR ALASAN`, contoh: `/cabut GPR-2026-000123 data tidak benar`",
    "revoke_confirm": "Cabut lencana **{number}** milik {holder}?\nAlasan: {reason}",
    "btn_revoke_yes": "⛔ Ya, cabut",
    "btn_revoke_no": "Batal",
    "revoke_done": "⛔ Lencana {number} dicabut oleh {admin}. Alasan: {reason}",
    "revoke_kept": "Pencabutan dibatalkan.",
    "badge_revoked_holder": (
        "⛔ Lencana Humas Pemerintah Anda ({number}) dicabut oleh admin. Alasan: {reason}. "
        "Hubungi tim humas instansi Anda bila ada pertanyaan."
    ),
    # Admin group operations
    "cmd_audit": "Catatan audit terbaru: /audit [ID pengguna] (admin)",
    "cmd_backup": "Cadangan basis data (admin)",
    "audit_header": "**Audit terbaru**{who}:",
    "audit_for": " untuk {actor}",
    "audit_line": "{at} · {actor} · {action} {arguments} → {outcome}",
    "audit_empty": "Belum ada catatan audit.",
    "audit_more_in_file": "… dan {count} catatan lagi di berkas terlampir.",
    "audit_file_caption": "Catatan audit lengkap ({count} entri).",
    "admin_help": "**Perintah admin**\n{commands}\n\n**Perintah umum**\n{everyone}",
    "backup_caption": (
        "🔒 Cadangan basis data {name} ({size}), terenkripsi dengan BACKUP_PASSPHRASE. Berisi NIP, "
        "nama, e-mail, dan akun semua ASN: simpan di tempat aman yang hanya bisa dibuka operator, "
        "jangan diteruskan. Pulihkan di server dengan `asn-bot restore FILE`."
    ),
    "backup_sent_privately": "🔒 Cadangan terenkripsi sudah dikirim ke chat pribadi Anda dengan bot.",
    "backup_needs_passphrase": (
        "Cadangan tidak dibuat: kata sandi cadangan belum diatur. Cadangan berisi data pribadi "
        "semua ASN, jadi bot hanya mengirimnya terenkripsi. Minta operator server mengisi "
        "`BACKUP_PASSPHRASE` (minimal 12 karakter) di pengaturan (.env) lalu memulai "
        "ulang bot; setelah itu kirim /cadangan lagi."
    ),
    "backup_not_anonymous": (
        "Cadangan dikirim ke chat pribadi admin yang meminta, dan admin anonim tidak punya chat pribadi. "
        "Matikan **Tetap anonim** di hak admin Anda sebentar, lalu kirim /cadangan lagi."
    ),
    "backup_open_private_chat": (
        "Cadangan hanya dikirim lewat chat pribadi, tetapi bot belum bisa mengirimi Anda pesan. "
        "Buka chat pribadi dengan @{bot}, tekan **Mulai** (/start), lalu kirim /cadangan lagi di sini."
    ),
    "backup_too_large": (
        "Basis data terlalu besar untuk dikirim lewat Telegram ({size}). Buat cadangan di "
        "server dengan `asn-bot backup PATH`."
    ),
    # Campaigns (civil servants)
    "cmd_points": "Poin dan rangkaian berbagi Anda",
    "btn_share_x": "Bagikan ke X",
    "btn_share_facebook": "Facebook",
    "btn_share_whatsapp": "WhatsApp",
    "btn_share_telegram": "Telegram",
    "btn_share_linkedin": "LinkedIn",
    "btn_copy_text": "📋 Salin teks",
    "btn_instagram_file": "📎 File Instagram",
    "btn_shared": "Sudah dibagikan ✅",
    "instagram_file_caption": "File untuk Instagram. Salin teksnya dengan tombol 📋 Salin teks.",
    "ask_post_link": (
        "Terima kasih sudah berbagi! Kirim tautan postingan Anda (opsional) agar tercatat "
        "lengkap, atau tekan Lewati.\nContoh: `https://x.com/namaanda/status/123`"
    ),
    "reshare_recorded": "✅ Tercatat! +{points} poin. Total {total} poin · rangkaian {streak} hari.",
    "reshare_already": "Bagikan untuk konten ini sudah tercatat. Terima kasih!",
    "reshare_not_yours": "Tombol ini bukan untuk Anda.",
    "reshare_too_old": (
        "Konten ini sudah terlalu lama sehingga bagikan tidak dapat dicatat lagi. Bagikan "
        "konten yang lebih baru, lalu tekan Sudah dibagikan di pesannya."
    ),
    "err_reshare_not_a_post": "Itu bukan tautan ke sebuah postingan.",
    "err_reshare_not_your_platform": "Tautan itu dari platform yang belum terverifikasi untuk Anda.",
    "err_reshare_not_your_account": "Postingan itu bukan dari akun Anda yang terverifikasi.",
    "points_summary": "🏆 Poin Anda: **{total}** · {count} kali berbagi · rangkaian {streak} hari.",
    "reshare_link_recorded": "🔗 Tautan tercatat! +{points} poin. Total {total} poin · rangkaian {streak} hari.",
    "reshare_kept": "Baik, bagikan Anda tetap tercatat tanpa tautan.",
    # Campaigns (admins)
    "cmd_content": "Buat konten baru (admin)",
    "cmd_schedule": "Jadwal kampanye (admin)",
    "cmd_unschedule": "Batalkan kampanye: /batalkan ID (admin)",
    "cmd_broadcast": "Kirim konten sekarang (admin)",
    "ask_campaign_content": "Balas pesan ini dengan kontennya: teks, atau foto/video/dokumen dengan keterangan.",
    "ask_campaign_link": "Tautan berita/program (opsional)? Balas dengan tautannya, mis. `https://www.komdigi.go.id/berita/…`",
    "ask_campaign_hashtags": "Tagar (opsional)? Balas dengan tagar, mis. `#MakanBergiziGratis #ASNBerbagi`",
    "ask_campaign_variant": "Variasi keterangan {number} dari maks. 5 (opsional, agar tidak semua posting sama)? Balas dengan teksnya, atau tekan Selesai.",
    "ask_campaign_target": "Untuk siapa?",
    "ask_campaign_target_zone": "Zona waktu mana?",
    "ask_campaign_target_platform": "Pemilik akun terverifikasi di platform mana?",
    "ask_campaign_target_search": "Balas dengan nama {what} yang dicari.",
    "ask_campaign_schedule": "Kapan dikirim?",
    "ask_campaign_run_at": "Balas dengan tanggal dan jam (WIB), mis. `2026-11-28 08:00`",
    "ask_campaign_daily_time": "Balas dengan jam (di zona waktu masing-masing penerima), mis. `08:00`",
    "ph_campaign_content": "Teks, atau foto/video/dokumen dengan keterangan",
    "ph_campaign_link": "https://www.komdigi.go.id/berita/…",
    "ph_campaign_hashtags": "#MakanBergiziGratis #ASNBerbagi",
    "ph_campaign_variant": "Teks variasi keterangan",
    "ph_campaign_province": "Nama provinsi, mis. Jawa Timur",
    "ph_campaign_agency": "Nama instansi, mis. Komdigi",
    "ph_campaign_run_at": "2026-11-28 08:00 (WIB)",
    "ph_campaign_daily_time": "08:00",
    "campaign_question_for": "{admin}, {question}",
    "campaign_question_buttons": "Atau tekan:",
    "campaign_reply_hint": "Untuk menjawab, balas (Reply) pertanyaan saya yang terakhir atau tekan tombolnya; /batal untuk berhenti menyusun.",
    "btn_target_all": "Semua",
    "btn_target_zone": "Zona waktu",
    "btn_target_province": "Provinsi",
    "btn_target_agency": "Instansi",
    "btn_target_platform": "Platform",
    "btn_schedule_now": "Sekarang",
    "btn_schedule_once": "Tanggal & jam",
    "btn_schedule_daily": "Setiap hari",
    "btn_confirm_campaign": "✅ Simpan & jadwalkan",
    "btn_cancel_campaign": "Batal",
    "btn_second_approval": "✅ Setujui (admin kedua)",
    "word_province": "provinsi",
    "word_agency": "instansi",
    "campaign_preview_header": "👀 **Pratinjau** — beginilah penerima melihatnya:",
    "campaign_summary": (
        "**Ringkasan**\nSasaran: {target}\nJadwal: {schedule}\nVariasi: {variants}\n{warning}"
        "Simpan?"
    ),
    "campaign_x_warning": "⚠️ Teks bagikan melebihi 280 karakter X; akan terpotong di X.\n",
    "target_everyone": "semua ASN terverifikasi",
    "schedule_now": "sekarang",
    "schedule_once": "{when} WIB",
    "schedule_daily": "setiap hari pukul {time} waktu setempat (WIB/WITA/WIT)",
    "schedule_daily_next": "setiap hari pukul {time} di zona waktu masing-masing penerima; berikutnya {next}",
    "campaign_saved": "✅ Kampanye #{campaign_id} dijadwalkan.",
    "campaign_awaiting": "⏳ Kampanye #{campaign_id} ke semua ASN menunggu persetujuan admin kedua.",
    "campaign_approved": "✅ Kampanye #{campaign_id} disetujui oleh {admin} dan dijadwalkan.",
    "campaign_second_admin_needed": "Persetujuan harus dari admin lain.",
    "campaign_discarded": "Konsep kampanye dibuang.",
    "campaign_no_draft": "Tidak ada konsep kampanye. Mulai dengan /konten.",
    "campaign_cancelled": "🛑 Kampanye #{campaign_id} dibatalkan. Yang sudah terkirim tetap terkirim.",
    "campaign_not_found": "Kampanye #{campaign_id} tidak ada atau sudah selesai.",
    "unschedule_usage": "Format: `/batalkan ID`, mis. `/batalkan 12`",
    "schedule_header": "**Kampanye berjalan dan terjadwal**:",
    "schedule_line": "#{campaign_id} · {title} · {status} · {next}",
    "schedule_empty": "Tidak ada kampanye terjadwal.",
    "campaign_progress": (
        "📣 Kampanye #{campaign_id} ({zone}): {sent}/{total} terkirim · gagal {failed} · "
        "diblokir {blocked} · {rate}/dtk · sisa ± {eta}"
    ),
    "campaign_finished": (
        "✅ Kampanye #{campaign_id} ({zone}) selesai: {sent}/{total} terkirim · gagal {failed} · "
        "diblokir {blocked}."
    ),
    "campaign_reached_nobody": "⚠️ Kampanye #{campaign_id} ({zone}) tidak terkirim ke siapa pun: {reason}",
    "campaign_reason_capped": "semua {count} penerima yang cocok sudah mendapat {limit} pesan dalam 24 jam terakhir (batas MAX_PUSHES_PER_DAY).",
    "campaign_reason_no_match": "tidak ada ASN terverifikasi (yang masih menerima konten) yang cocok dengan sasarannya.",
    "campaign_note_capped": "⏭ {count} orang dilewati: sudah mendapat {limit} pesan dalam 24 jam terakhir (batas MAX_PUSHES_PER_DAY).",
    "campaign_note_deferred": "⏸ Ditunda karena jam tenang, sampai {when}.",
    "campaign_deferred": "⏸ Kampanye #{campaign_id} ({zone}) jatuh pada jam tenang penerima; dikirim {when}.",
    "campaign_missed": (
        "⚠️ Kampanye #{campaign_id} ({zone}) terlewat: bot mati saat jadwalnya ({due}) dan sudah "
        "lewat batas toleransi. Jadwalkan ulang bila masih perlu."
    ),
    "err_draft_bad_link": "Itu bukan tautan http(s) yang lengkap.",
    "err_draft_bad_hashtags": "Tagar berupa kata tanpa spasi yang diawali #, mis. #ASNBerbagi.",
    "err_draft_bad_datetime": "Format tanggal dan jam: TTTT-BB-HH JJ:MM, mis. 2026-11-28 08:00.",
    "err_draft_in_the_past": "Waktu itu sudah lewat.",
    "err_draft_bad_time": "Format jam: JJ:MM, mis. 08:00.",
    "err_draft_too_long": "Teks terlalu panjang (maks. 1024 karakter).",
    "err_draft_too_many_variants": "Maksimal 5 variasi.",
    "err_draft_empty": "Kontennya kosong.",
    # Insight (admins) and leaderboard privacy
    "cmd_stats": "Statistik: /statistik [7|30|90] (admin)",
    "cmd_leaderboard": "Peringkat pembagi: /peringkat [minggu|bulan] [instansi] (admin)",
    "cmd_export": "Ekspor: /ekspor enrollments|campaigns|reshares [csv|xlsx] (admin)",
    "cmd_privacy": "Tampil atau tidak di papan peringkat",
    "stats_usage": "Format: `/statistik 7`, `/statistik 30` atau `/statistik 90`, boleh diikuti unit: `/statistik 30 pemprov-yo`",
    "leaderboard_header": "🏆 **Peringkat pembagi {window}**{agency}",
    "leaderboard_week": "minggu ini",
    "leaderboard_month": "bulan ini",
    "leaderboard_agency": " — {agency}",
    "leaderboard_line": "{rank}. {name} ({agency}) · {points} poin · {reshares}×",
    "leaderboard_empty": "Belum ada yang membagikan konten pada periode ini.",
    "export_usage": "Format: `/ekspor enrollments csv` (jenis: enrollments, campaigns, reshares, units; format: csv atau xlsx), boleh diikuti unit: `/ekspor enrollments xlsx kemenkeu`",
    "export_caption": "Ekspor {kind} ({rows} baris). NIP {nip}. Berisi data pribadi: simpan dengan aman.",
    "export_nip_masked": "disamarkan",
    "export_nip_full": "lengkap (EXPORT_FULL_NIP)",
    "export_too_large": "Ekspor terlalu besar untuk Telegram ({size}). Jalankan di server.",
    "privacy_status_shown": "Nama Anda **tampil** di papan peringkat pembagi.",
    "privacy_status_hidden": "Nama Anda **tidak tampil** di papan peringkat pembagi.",
    "btn_privacy_hide": "🙈 Sembunyikan nama saya",
    "btn_privacy_show": "🙋 Tampilkan nama saya",
    "export_started": "⏳ Menyiapkan ekspor {kind} ({fmt})… data besar bisa memakan beberapa menit.",
    # Badge artwork
    "art_programme": "Humas Pemerintah",
    "art_awarded_to": "DIBERIKAN KEPADA",
    "art_badge_number": "NOMOR LENCANA",
    "art_issued": "DITERBITKAN",
    "art_valid_until": "BERLAKU SAMPAI",
    "art_issuer": "Penerbit: {issuer}",
    "art_scan_to_verify": "Pindai untuk verifikasi",
    # Statistics chart
    "chart_started": "Mulai daftar",
    "chart_consented": "Menyetujui",
    "chart_submitted": "Diajukan",
    "chart_verified": "Terverifikasi",
    "chart_badges": "Lencana terbit",
    "chart_funnel_title": "Corong pendaftaran, {days} hari terakhir",
    "chart_zone_title": "Terverifikasi per zona waktu (kini)",
    "chart_people": "orang",
    "chart_summary_title": "Statistik {days} hari terakhir ({period})",
    "chart_summary_funnel": (
        "Pendaftaran: mulai {started} · menyetujui {consented} · diajukan {submitted}"
        " · terverifikasi {verified} · lencana {badges}"
    ),
    "chart_summary_now": (
        "Sekarang: {verified} terverifikasi ({active} aktif, {opted_out} berhenti menerima"
        " konten, {blocked} memblokir bot); {awaiting} menunggu verifikasi"
    ),
    "chart_summary_zones": "Zona waktu: {zones}",
    "chart_summary_agencies": "Instansi teratas: {agencies}",
    "chart_summary_campaigns": "Kampanye: {count}",
    "chart_summary_campaign": (
        "- {title}: terkirim {sent}, gagal {failed}, diblokir {blocked}, dibagikan ulang"
        " {reshares} ({rate})"
    ),
    "chart_summary_more": "… dan {count} kampanye lainnya",
    # Verification web page
    "web_programme": "Humas Pemerintah",
    "web_issuer_contact": "Kontak penerbit",
    "web_badge_number": "Nomor lencana",
    "web_check": "Periksa",
    "web_example": "Contoh",
    "web_check_a_badge": "Periksa lencana",
    "web_what_is_this": "Apa ini?",
    "web_about_volunteers": (
        "Aparatur Sipil Negara (ASN) yang aktif di media sosial dapat ikut secara sukarela sebagai"
        " humas pemerintah: membagikan informasi program pemerintah yang sudah terverifikasi dan"
        " meluruskan hoaks."
    ),
    "web_about_badge": (
        "Yang akunnya memiliki lebih dari {threshold} pengikut di Instagram, Facebook, X, TikTok"
        " atau YouTube, dan terbukti miliknya sendiri, menerima lencana digital (Open Badges 2.0)."
        " Setiap lencana memiliki nomor dan kode QR yang dapat diperiksa siapa saja di sini."
    ),
    "web_problem_not_found": "Lencana {number} tidak ditemukan. Periksa kembali nomornya.",
    "web_problem_format": (
        "Nomor lencana terdiri dari kode, tahun dan enam angka, dipisah tanda hubung."
    ),
    "web_problem_empty": "Ketik nomor lencana.",
    "web_not_found": "Tidak ditemukan",
    "web_check_the_number": "Periksa nomornya",
    "web_state_valid": "Lencana sah",
    "web_state_expired": "Lencana kedaluwarsa",
    "web_state_suspended": "Lencana ditangguhkan",
    "web_state_revoked": "Lencana dicabut",
    "web_badge_alt": "Lencana {number}",
    "web_reason": "Alasan",
    "web_holder": "Pemegang",
    "web_agency": "Instansi",
    "web_what_was_verified": "Yang diverifikasi",
    "web_rule": "Akun milik pemegang dengan lebih dari {threshold} pengikut di {where}",
    "web_and": "dan",
    "web_social_media": "media sosial",
    "web_last_checked": "Terakhir diperiksa",
    "web_moment": "{day}, {time} WIB",
    "web_issued": "Diterbitkan",
    "web_valid_until": "Berlaku sampai",
    "web_status_as_of": "Status per",
    "web_open_badges": "Lencana digital Open Badges 2.0",
    "web_check_another": "Periksa lencana lain",
    # --- WhatsApp: outbox ---
    "campaign_audience_header": "📬 **Penerima saat ini, per kanal**",
    "campaign_audience_telegram": "Telegram: {people} orang",
    "campaign_audience_whatsapp": (
        "WhatsApp: {people} orang, {templates} lewat template (perkiraan biaya Rp{cost})"
    ),
    # --- WhatsApp: people ---
    "cmd_link": "Tautkan Telegram dan WhatsApp Anda",
    "link_unavailable": "Maaf, penautan dengan WhatsApp belum tersedia.",
    "link_how": (
        "🔗 **Tautkan Telegram dan WhatsApp**\n"
        "Anda belum terdaftar di Telegram. Sudah mendaftar lewat WhatsApp? Kirim **TAUTKAN** "
        "ke nomor WhatsApp program ini, lalu ketik kode 6 angka yang muncul di sini, misalnya "
        "`/tautkan 123456`.\nBelum mendaftar sama sekali? Ketik /daftar."
    ),
    "link_code": (
        "🔗 **Kode penautan Anda: {code}**\n"
        "Di WhatsApp, kirim `TAUTKAN {code}` ke nomor WhatsApp program ini dalam {minutes} "
        "menit. Setelah itu Telegram dan WhatsApp Anda menjadi satu pendaftaran: NIP, lencana "
        "dan poin yang sama, dan konten dikirim ke WhatsApp (bisa Anda ubah)."
    ),
    "link_status": (
        "🔗 Telegram dan WhatsApp ({number}) sudah tertaut. Konten dikirim ke **{channel}**; "
        "pilih di bawah untuk mengubahnya.\n\n"
        "Ganti nomor WhatsApp? Dari nomor yang baru, kirim `TAUTKAN {code}` ke nomor WhatsApp "
        "program ini dalam {minutes} menit."
    ),
    "link_done": (
        "✅ Tertaut! Telegram dan WhatsApp Anda kini satu pendaftaran. Konten dikirim ke "
        "**{channel}**; pilih di bawah bila ingin menerimanya di tempat lain."
    ),
    "link_malformed": (
        "Kode penautan terdiri dari 6 angka, misalnya `/tautkan 123456`. Kode itu muncul di "
        "WhatsApp setelah Anda mengirim TAUTKAN ke nomor program ini."
    ),
    "link_not_enrolled": (
        "Penautan hanya untuk yang sudah mendaftar. Daftar dulu (di Telegram dengan /daftar, "
        "di WhatsApp dengan DAFTAR), lalu minta kode penautan."
    ),
    "link_wrong_code": (
        "Kode itu tidak cocok dengan kode penautan yang berlaku. Periksa 6 angkanya, lalu coba "
        "lagi; bila ragu, minta kode baru."
    ),
    "link_expired": (
        "Kode itu sudah kedaluwarsa: kode penautan berlaku 15 menit. Silakan minta kode baru."
    ),
    "link_too_many": (
        "Sudah 5 kali kode yang salah. Demi keamanan, tunggu 15 menit, lalu minta kode baru."
    ),
    "link_same_channel": (
        "Kode itu harus diketik di aplikasi yang lain, bukan di tempat kode itu ditampilkan: "
        "kode dari Telegram diketik di WhatsApp, dan sebaliknya."
    ),
    "link_already_enrolled": (
        "Akun ini sudah punya pendaftaran sendiri, jadi tidak bisa ditautkan: satu orang, satu "
        "pendaftaran. Bila keduanya milik Anda, hapus pendaftaran di akun ini (/hapusdata atau "
        "HAPUSDATA), lalu tautkan lagi."
    ),
    "link_already_linked": (
        "Akun ini sudah tertaut dengan pendaftaran lain. Bila itu bukan milik Anda lagi, hapus "
        "datanya dari akun ini (/hapusdata atau HAPUSDATA), lalu tautkan lagi."
    ),
    "link_not_linked": (
        "Akun itu belum tertaut dengan pendaftaran Anda. Ketik /tautkan untuk menautkannya."
    ),
    "link_channel_chosen": "Baik, konten sekarang dikirim ke **{channel}**.",
    "btn_content_telegram": "📨 Kirim ke Telegram",
    "btn_content_whatsapp": "📨 Kirim ke WhatsApp",
    # --- WhatsApp: chat ---
    "wa_choose_below": "Silakan pilih:",
    "wa_btn_choose": "Pilih",
    "wa_btn_menu": "Menu",
    "wa_menu": (
        "Halo! Pilih yang ingin Anda lakukan dari menu, atau ketik kata kuncinya, "
        "misalnya DAFTAR, STATUS atau BANTUAN."
    ),
    "wa_kind_central": "Kementerian / Lembaga",
    "wa_kind_provincial": "Pemerintah Provinsi",
    "wa_kind_regional": "Pemkab / Pemkot",
    "wa_btn_change_kind": "↩️ Ganti jenis",
    "wa_btn_remove": "🗑 Hapus akun",
    "wa_more_matches": (
        "Ada {found} yang cocok; {shown} yang pertama ditampilkan. Tidak ada di daftar? "
        "Ketik nama yang lebih lengkap."
    ),
    "wa_btn_send_screenshot": "📷 Kirim screenshot",
    "wa_btn_ask_review": "🙋 Minta tinjauan",
    "wa_btn_erase_yes": "🗑 Ya, hapus semua",
    "wa_instagram_file": (
        "Foto atau video kampanye ada di pesan di atas: ketuk, lalu pilih Simpan, dan "
        "unggah file itu di Instagram."
    ),
    "wa_cmd_link": "Tautkan akun Telegram dan WhatsApp Anda",
    "wa_link_code": (
        "🔗 Kode penautan Anda: **{code}**\n"
        "Di Telegram, ketik `/tautkan {code}` dalam {minutes} menit. Setelah itu konten "
        "dikirim ke Telegram; Anda dapat memilih kembali kapan saja."
    ),
    "wa_link_done": (
        "✅ WhatsApp ini sekarang tertaut dengan pendaftaran Anda. Konten program akan "
        "dikirim ke sini."
    ),
    "wa_link_bad_code": "Kode penautan terdiri dari 6 angka, contoh: `TAUTKAN 123456`",
    "wa_link_not_enrolled": (
        "Anda belum terdaftar. Ketik DAFTAR untuk mendaftar, atau ketik kode dari Telegram: "
        "`TAUTKAN 123456`"
    ),
    "wa_link_wrong_code": "Kode itu tidak cocok. Periksa kembali 6 angka dari Telegram.",
    "wa_link_expired": "Kode itu sudah kedaluwarsa. Minta kode baru di Telegram dengan /tautkan.",
    "wa_link_too_many_attempts": "Terlalu banyak percobaan. Minta kode baru di Telegram dengan /tautkan.",
    "wa_link_same_channel": "Kode itu dibuat di WhatsApp; ketik kode ini di Telegram.",
    "wa_link_already_enrolled": (
        "WhatsApp ini sudah punya pendaftaran sendiri, jadi tidak dapat ditautkan. Ketik "
        "HAPUSDATA di sini dulu bila Anda ingin memakai pendaftaran dari Telegram."
    ),
    "wa_link_already_linked": "WhatsApp ini sudah tertaut dengan pendaftaran Anda.",
    # --- WhatsApp: flows people ---
    "wa_nip_taken": (
        "NIP ini sudah terdaftar dari akun lain, jadi tidak dapat dipakai di sini. Bila itu "
        "pendaftaran Anda sendiri di Telegram, Anda tidak perlu mendaftar lagi: ketik HAPUSDATA "
        "di sini untuk membatalkan pendaftaran baru ini, lalu kirim /tautkan di Telegram dan "
        "ketik kodenya di sini (`TAUTKAN 123456`). Bila bukan, tim humas sudah kami beri tahu; "
        "silakan hubungi admin humas instansi Anda. Jika NIP salah ketik, silakan ketik ulang."
    ),
    "wa_news_waiting": "📬 **Ada kabar tentang pendaftaran Anda** sejak pesan terakhir Anda:",
    # --- PR units: scope ---
    "out_of_scope": (
        "⛔ Itu di luar unit humas grup ini. Setiap grup admin hanya melihat dan mengurus ASN "
        "di unitnya sendiri dan unit di bawahnya."
    ),
    "unit_not_found": (
        'Unit "{query}" tidak ditemukan. Sebut unit dengan kodenya (mis. `kemenkeu`, '
        "`pemprov-yo`, `yo-kabupaten-sleman`) atau namanya."
    ),
    "unit_ambiguous": (
        'Ada beberapa unit yang cocok dengan "{query}": {codes}. Ulangi perintah dengan '
        "kode salah satunya."
    ),
    # --- PR units: unit-admin ---
    "cmd_invite": "Undang unit humas (kementerian, provinsi, kabupaten/kota)",
    "cmd_unit": "Grup admin unit humas",
    "cmd_activate": "Aktifkan grup ini sebagai grup admin unit",
    "national_only": (
        "Perintah ini hanya untuk grup admin nasional. Grup unit mengurus ASN di unitnya "
        "lewat /tinjau, /statistik dan perintah admin lainnya."
    ),
    "invite_usage": (
        "Tulis unit yang diundang setelah perintahnya, misalnya:\n"
        "`/undang kemenkeu`\n`/undang Kementerian Keuangan`\n`/undang pemprov-yo`\n"
        "`/undang Kabupaten Sleman, DI Yogyakarta`"
    ),
    "invite_not_found": (
        'Tidak ada instansi "{query}". Tulis nama, singkatan atau kode kementerian/lembaga '
        "(`/undang kemenkeu`), nama provinsi (`/undang DI Yogyakarta`), atau kabupaten/kota "
        "dengan provinsinya (`/undang Kabupaten Sleman, DI Yogyakarta`)."
    ),
    "invite_choice": "`{code}` — {name}",
    "invite_choices": (
        'Ada beberapa instansi yang cocok dengan "{query}":\n{choices}\n\nUlangi dengan '
        "kodenya, misalnya `/undang kemenkeu`."
    ),
    "invite_created": (
        "✉️ **Undangan untuk {unit}** (`{unit_code}`)\n\n"
        "Kode sekali pakai: `{code}`\nBerlaku sampai {expires}.\n\n"
        "Berikan kode ini kepada Kabid Humas unit tersebut, dengan langkah berikut:\n"
        "1. Buat grup Telegram untuk tim humas unit.\n"
        "2. Tambahkan bot @{bot} ke grup itu dan jadikan admin grup.\n"
        "3. Salah satu admin grup mengirim `/aktifkan {code}` di grup itu.\n\n"
        "Grup itu kemudian hanya melihat dan mengurus ASN di unit tersebut dan unit di "
        "bawahnya."
    ),
    "activate_private": (
        "Perintah /aktifkan dikirim di grup Telegram tim humas unit Anda, bukan di chat "
        "pribadi: buat grupnya, tambahkan bot dan jadikan admin, lalu kirim `/aktifkan KODE` "
        "di grup itu."
    ),
    "activate_usage": (
        "Tulis kode undangan setelah perintahnya, misalnya `/aktifkan K7QM2XWPAR`. Kodenya "
        "dari tim humas nasional (perintah /undang)."
    ),
    "activate_not_group_admin": (
        "Hanya admin grup ini yang dapat mengaktifkannya. Minta pembuat grup menjadikan Anda "
        "admin, atau minta admin grup mengirim kodenya."
    ),
    "activate_unknown": (
        "Kode itu tidak dikenal. Periksa kembali kodenya (10 huruf dan angka, tanpa O, I, L, "
        "0 dan 1), atau minta kode baru kepada tim humas nasional."
    ),
    "activate_expired": (
        "Kode itu sudah kedaluwarsa (berlaku 48 jam). Minta kode baru kepada tim humas "
        "nasional (/undang)."
    ),
    "activate_used": (
        "Kode itu sudah dipakai. Setiap kode hanya berlaku sekali; minta kode baru kepada tim "
        "humas nasional bila grup unit perlu diaktifkan lagi."
    ),
    "activate_national_group": (
        "Ini grup admin nasional: grup ini sudah melihat semua unit dan tidak perlu diaktifkan. "
        "Kode undangan dipakai di grup baru milik unitnya."
    ),
    "activate_group_taken": (
        "Grup ini sudah menjadi grup admin {unit}. Satu grup melayani satu unit: buat grup "
        "lain untuk unit yang diundang."
    ),
    "activate_too_many": (
        "Terlalu banyak kode yang salah dari grup ini. Tunggu satu jam, lalu kirim kode yang "
        "benar dari tim humas nasional."
    ),
    "activate_welcome": (
        "✅ **Grup ini sekarang grup admin {unit}** (`{unit_code}`).\n\n"
        "Admin grup ini melihat dan mengurus ASN di unit ini dan unit di bawahnya: kartu "
        "tinjauan datang ke sini, dan /tinjau, /statistik, /ekspor, /konten serta perintah "
        "admin lainnya hanya mencakup unit ini. Ketik /bantuan untuk daftar perintahnya."
    ),
    "group_waiting_for_code": (
        "👋 Halo! Grup ini belum menjadi grup admin. Jika grup ini untuk tim humas sebuah "
        "unit, salah satu admin grup mengirim `/aktifkan KODE` (kode dari tim humas nasional) "
        "sebelum {deadline}. Bila belum diaktifkan sampai saat itu, bot keluar dari grup ini."
    ),
    "group_not_activated": (
        "Grup ini tidak diaktifkan tepat waktu, jadi bot keluar. Untuk mengaktifkannya, "
        "tambahkan bot lagi dan segera kirim `/aktifkan KODE`."
    ),
    "unit_group_migrated": (
        "⚠️ Grup ini pindah menjadi supergrup dengan id {chat_id}. Bot mengikutinya: grup ini "
        "tetap grup admin unitnya."
    ),
    "unit_usage": (
        "Perintah /unit:\n`/unit` — daftar grup unit\n"
        "`/unit pindah KODE_UNIT ID_GRUP` — pindahkan grup unit (id dari /idgrup)\n"
        "`/unit nonaktif KODE_UNIT` — nonaktifkan grup unit\n"
        "`/unit persetujuan KODE_UNIT ya|tidak|bawaan` — persetujuan kedua untuk konten unit"
    ),
    "unit_list_empty": "Belum ada grup unit. Undang unit dengan /undang.",
    "unit_list_header": "**Grup admin unit** ({count}):",
    "unit_list_line": (
        "• **{name}** (`{code}`) · induk: {parent} · grup `{chat_id}` · aktif sejak {at} oleh "
        "{by} · persetujuan kedua: {approval}"
    ),
    "unit_list_more_in_file": "… dan {count} grup lagi di berkas terlampir.",
    "unit_list_file_caption": "Semua grup admin unit ({count}).",
    "unit_approval_default": "bawaan",
    "unit_approval_on": "wajib",
    "unit_approval_off": "tidak",
    "unit_root_fixed": (
        "Program nasional dilayani grup ADMIN_CHAT_ID, bukan grup unit. Sebut kode unitnya, "
        "misalnya `kemenkeu` atau `pemprov-yo`."
    ),
    "unit_move_bad_chat": (
        'Id grup "{text}" tidak sah. Id grup adalah bilangan negatif, misalnya '
        "`-1001234567890`: kirim /idgrup di grup tujuan untuk melihatnya."
    ),
    "unit_move_chat_taken": (
        "Grup `{chat_id}` sudah menjadi grup admin lain. Pilih grup baru untuk unit ini."
    ),
    "unit_move_unreachable": (
        "Bot tidak ada di grup `{chat_id}`. Tambahkan bot ke grup itu lebih dulu, lalu ulangi."
    ),
    "unit_moved": "✅ Grup admin {unit} sekarang grup `{chat_id}`.",
    "unit_no_group": "{unit} belum punya grup admin. Undang unit itu dengan /undang.",
    "btn_deactivate_unit": "🛑 Nonaktifkan",
    "btn_keep_unit": "Batal",
    "unit_deactivate_confirm": (
        "Nonaktifkan grup admin {unit}? Kartu tinjauan unit itu lalu pergi ke grup di atasnya "
        "(atau grup nasional), dan admin grup itu tidak bisa lagi memakai perintah admin."
    ),
    "unit_already_inactive": "Grup unit ini sudah tidak aktif.",
    "unit_group_deactivated": (
        "Grup ini bukan lagi grup admin {unit}: tim humas nasional menonaktifkannya."
    ),
    "unit_deactivated": "🛑 Grup admin {unit} dinonaktifkan.",
    "unit_approval_set": "✅ Persetujuan kedua untuk konten {unit}: {approval}.",
    # --- PR units: unit-insights ---
    "stats_ranking_national": (
        "Peringkat unit (terverifikasi · terdaftar · pesan kampanye terkirim · rasio bagikan "
        "ulang):"
    ),
    "stats_ranking_unit": (
        "{unit} menurut unit di bawahnya (terverifikasi · terdaftar · pesan kampanye terkirim "
        "· rasio bagikan ulang):"
    ),
    "stats_ranking_line": "{rank} {unit}: {verified} · {enrolled} · {delivered} · {rate}",
    "stats_ranking_own": "{unit} (langsung)",
    "stats_ranking_unassigned": "Belum punya unit",
    "stats_ranking_more": "… dan {count} unit lainnya: kirim /ekspor units untuk daftar lengkap.",
    "chart_summary_unit": "Unit: {unit}, beserta unit di bawahnya",
    "chart_summary_activity": (
        "Pesan kampanye terkirim ke ASN unit ini: {delivered} · dibagikan ulang: {reshares} · "
        "rasio {rate}"
    ),
    "export_national_only": (
        "Ekspor {kind} hanya dari grup admin nasional. Grup unit dapat mengekspor ASN-nya: "
        "`/ekspor enrollments`, `/ekspor reshares` atau `/ekspor units`."
    ),
    "audit_in_unit": " — {unit}",
    # --- PR units: unit-campaigns ---
    "btn_target_unit": "Unit humas",
    "btn_target_units_done": "✅ Selesai memilih unit",
    "ask_campaign_target_unit": (
        "Unit humas mana? Balas dengan nama atau kodenya (mis. `kemenkeu`, `Pemprov DIY`, "
        "`Kabupaten Sleman, DI Yogyakarta`). ASN unit itu dan unit di bawahnya menerimanya."
    ),
    "ph_campaign_target_unit": "Nama atau kode unit",
    "campaign_target_units_chosen": (
        "Unit penerima: {units}. Balas dengan nama unit lain untuk menambah, atau tekan "
        "Selesai memilih unit."
    ),
    "campaign_summary_units": "🏛 Dari: {owner} · Unit penerima: {units}",
    "campaign_units_whole": "seluruh ASN dalam cakupan",
    "campaign_localise_usage": (
        "Format: `/konten lokal NOMOR`, mis. `/konten lokal 12`: variasi keterangan unit "
        "Anda untuk kampanye nasional #12."
    ),
    "campaign_localise_intro": (
        "✍️ Variasi keterangan {unit} untuk kampanye #{campaign_id} «{title}». ASN unit Anda "
        "menerima variasi ini, bukan teks nasional; ASN lain tetap menerima teks nasional."
    ),
    "campaign_localise_national_group": (
        "Grup nasional menulis teks kampanye itu sendiri. Variasi lokal diberikan di grup "
        "admin sebuah unit."
    ),
    "campaign_localise_own_campaign": (
        "Kampanye #{campaign_id} dibuat di unit Anda sendiri; variasinya sudah milik unit "
        "Anda. Batalkan (/batalkan) dan susun ulang bila perlu diubah."
    ),
    "campaign_localise_closed": (
        "Kampanye #{campaign_id} sudah terkirim atau dibatalkan, jadi tidak dapat diberi "
        "variasi lokal lagi."
    ),
    "campaign_localise_need_variant": "Tulis setidaknya satu variasi keterangan unit Anda.",
    "campaign_localise_summary": (
        "**Ringkasan**\nKampanye #{campaign_id} · variasi {unit}: {variants}\nSimpan? ASN "
        "unit Anda menerima variasi ini mulai pengiriman kampanye berikutnya."
    ),
    "campaign_localised": (
        "✅ Variasi {unit} untuk kampanye #{campaign_id} disimpan ({variants} variasi)."
    ),
    "schedule_localisable_header": (
        "**Kampanye dari atas untuk ASN unit Anda** (beri variasi unit Anda dengan "
        "`/konten lokal NOMOR`):"
    ),
    "schedule_localisable_line": "#{campaign_id} · {title}",
}
