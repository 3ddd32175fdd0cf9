"""English texts. Keys must match bot/texts/indonesian.py."""

MESSAGES: dict[str, str] = {
    # Command menu
    "cmd_start": "Start and enroll as government PR",
    "cmd_chatid": "This chat's id (for ADMIN_CHAT_ID)",
    "chat_id": "This chat's id: `{chat_id}`\nUse it as ADMIN_CHAT_ID if this is the admin group.",
    "cmd_help": "Help and the list of commands",
    # Help and the unexpected
    "help": ("**Available commands**\n{commands}\n\nQuestions? Contact your agency's PR team."),
    "help_line": "/{command} — {description}",
    "not_understood": "Sorry, I did not understand that. Type /enroll to enroll or /help to see the commands.",
    "not_understood_draft": (
        "Sorry, I did not understand that. Your enrollment is not finished yet: type /enroll to "
        "continue, or /help to see the commands."
    ),
    "not_understood_enrolled": (
        "Sorry, I did not understand that. You are enrolled: /status shows what comes next, "
        "/profile your details, and /help every command."
    ),
    "not_understood_verified": (
        "Sorry, I did not understand that. You are verified as government PR: /badge sends your "
        "badge again, /points shows your points, and /help every command."
    ),
    "edited_ignored": (
        "✏️ Editing a message does not change anything stored. To change your details, type "
        "/profile."
    ),
    "unknown_command": "I don't know that command. Type /help to see every command.",
    "error_generic": (
        "Sorry, something went wrong on our side. Your earlier answers are saved; "
        "please try again in a moment."
    ),
    "error_admin": (
        "Sorry, that command failed because of an error on the bot's side; it has been logged. "
        "Please try again in a moment."
    ),
    # Command menu (enrollment and data rights)
    "cmd_enroll": "Enroll as government PR",
    "cmd_status": "Enrollment and verification status",
    "cmd_profile": "See and change your details",
    "cmd_cancel": "Leave the conversation (answers stay saved)",
    "cmd_stop": "Stop receiving content",
    "cmd_resume": "Receive content again",
    "cmd_mydata": "Download all your data (JSON)",
    "cmd_deletedata": "Erase all your data",
    "cmd_language": "Ganti bahasa / change language",
    # Consent
    "consent": (
        "**Government PR: an invitation for civil servants**\n\n"
        "This programme invites civil servants (ASN) with **more than 500 followers** on "
        "Instagram, Facebook or X to share verified information about government programmes. "
        "Taking part is **voluntary**; you can stop at any time.\n\n"
        "**What we store**: your NIP, full name, agency, work unit, province of duty, "
        "work email (optional), social media accounts, and your Telegram id or WhatsApp "
        "number.\n"
        "**Why**: to confirm you are a civil servant, verify your follower count, issue "
        "your digital badge, and send content at the right time in your time zone.\n"
        "**Messages from us**: content comes on Telegram or WhatsApp, as you choose. On "
        "WhatsApp it may come as a WhatsApp template message even when you have not written "
        "to us.\n"
        "**Your rights** (Law No. 27 of 2022 on Personal Data Protection): /mydata to see "
        "your data, /profile to correct it, /stop to stop receiving content, and /deletedata "
        "to erase everything and withdraw your consent.\n\n"
        "We never ask for your NIK or any password. Do you agree?"
    ),
    "btn_agree": "✅ I agree",
    "btn_disagree": "I do not agree",
    "consent_declined": (
        "Understood: we have stored nothing. Thank you for considering it. If you change your "
        "mind, type /enroll at any time."
    ),
    "resume": "Welcome back! Let's continue where you left off.",
    # NIP
    "ask_nip": (
        "**Step 1 of 8 — NIP**\n"
        "Type your NIP (18 digits). Spaces, dots or dashes are fine.\n"
        "Example: `19850612 201001 1 003`"
    ),
    "err_nip_empty": "The NIP is empty.",
    "err_nip_not_digits": "A NIP contains only digits (spaces, dots or dashes between them are fine).",
    "err_nip_wrong_length": "A NIP has 18 digits; you typed {digits}.",
    "err_nip_bad_birth_date": "The first 8 digits (birth date, YYYYMMDD) are not a real date.",
    "err_nip_bad_appointment_month": "Digits 9–14 (appointment month, YYYYMM) are not a real month.",
    "err_nip_appointment_in_future": "The appointment month (digits 9–14) is in the future.",
    "err_nip_age_at_appointment": (
        "By this NIP, the age at appointment is outside 18–60 years. Check the birth date and "
        "the appointment month."
    ),
    "err_nip_bad_gender_digit": "Digit 15 (gender) must be 1 or 2.",
    "err_nip_zero_sequence": "The last three digits (sequence) cannot be 000.",
    "nip_example": "A valid NIP looks like `19850612 201001 1 003`",
    "nip_taken": (
        "This NIP is already enrolled from another Telegram account, so it cannot be used "
        "here. We have told the PR team; please contact your agency's PR admin. If you mistyped "
        "it, please type it again."
    ),
    "admin_nip_conflict": (
        "⚠️ **NIP conflict**\n"
        "NIP {nip} is already used by another enrollment (internal id {holder_id}).\n"
        "Claimed by {claimant} (internal id {claimant_id}).\n"
        "Please check who the real holder is."
    ),
    # Name
    "ask_full_name": (
        "**Step 2 of 8 — Full name**\n"
        "Type your full name as on your official records; academic titles are welcome.\n"
        "Example: `Dr. Siti Rahma, S.Kom., M.Si.`"
    ),
    "err_name_empty": "The name is empty.",
    "err_name_too_long": "The name is too long (at most 100 characters).",
    "err_name_no_letters": "A name needs letters, not only digits, emoji or punctuation.",
    "err_name_bad_characters": (
        "A name may contain letters, spaces, dots, commas, apostrophes and hyphens "
        "(no digits or emoji)."
    ),
    # Agency
    "ask_agency_kind": "**Step 3 of 8 — Agency**\nWhere do you work?",
    "btn_kind_central": "Ministry / agency",
    "btn_kind_provincial": "Provincial government",
    "btn_kind_regional": "Regency / city government",
    "ask_agency_search": (
        "Type part of your agency's name to search for it.\n"
        "Example: `Komdigi`, `Keuangan`, `Jawa Timur`"
    ),
    "agency_results": "Choose your agency, or type another word to search again:",
    "agency_none_found": (
        "No agency matches “{query}”. Try another word, such as an abbreviation "
        "(`Kemenkeu`) or the official name (`Kementerian Keuangan`)."
    ),
    "ask_regional_agency": (
        "Type the name of your regency or city.\nExample: `Kabupaten Sleman` or `Kota Surabaya`"
    ),
    "err_agency_too_short": "The regency/city name is too short.",
    "err_agency_too_long": "The regency/city name is too long (at most 100 characters).",
    "err_agency_no_letters": "The regency/city name needs letters.",
    "err_agency_missing_region_type": "Say whether it is a regency (Kabupaten) or a city (Kota).",
    "err_agency_empty": "The regency/city name is empty.",
    "err_agency_province": (
        "That is a province. For a provincial government, press ↩️ and choose Provincial government."
    ),
    "err_agency_bad_characters": "The regency/city name may contain letters, spaces and punctuation only.",
    "agency_example": "Example: `Kabupaten Sleman` or `Kota Surabaya`",
    "btn_change_kind": "↩️ Change the kind of agency",
    # Work unit
    "ask_work_unit": (
        "**Step 4 of 8 — Work unit**\n"
        "Type your work unit.\n"
        "Example: `Biro Hubungan Masyarakat` or `Dinas Kominfo`"
    ),
    "err_unit_too_short": "The work unit is too short.",
    "err_unit_too_long": "The work unit is too long (at most {max} characters).",
    "err_unit_no_letters": "The work unit needs letters.",
    "unit_example": "Example: `Biro Hubungan Masyarakat`",
    # Province
    "ask_province": (
        "**Step 5 of 8 — Province of duty**\n"
        "Type the province's name. Example: `Jawa Timur`, `DKI`, "
        "`NTT`"
    ),
    "province_results": "Choose your province:",
    "province_none_found": (
        "No province matches “{query}”. Example: `Jawa Barat`, `Sulsel`, `Papua Tengah`."
    ),
    "province_chosen": "Province: **{province}**. Your time zone: **{zone}** (UTC+{offset}).",
    # Email
    "ask_work_email": (
        "**Step 6 of 8 — Work email (optional)**\n"
        "Your work email identifies you on your digital badge. Type it or press Skip.\n"
        "Example: `siti.rahma@komdigi.go.id`"
    ),
    "err_email_empty": "The email is empty.",
    "err_email_too_long": "The email is too long.",
    "err_email_missing_at": "An email address needs an @.",
    "err_email_too_many_at": "An email address has exactly one @.",
    "err_email_bad_local_part": "The part before the @ is not valid.",
    "err_email_bad_domain": "The part after the @ is not a valid domain.",
    "email_example": "Example: `siti.rahma@komdigi.go.id`",
    "email_not_government": (
        "Note: {address} is not a go.id address. That is fine, but an agency address is "
        "more trusted."
    ),
    "btn_skip": "Skip ⏭",
    # Social handles
    "ask_social_handle": (
        "**Step 7 of 8 — Social media accounts ({index}/5)**\n"
        "Your **{platform}** account? Type the username (`@name`) or paste the "
        "profile link. Example: `{example}`\n"
        "{current}Press Skip if you have none. At least one account is needed."
    ),
    "social_current": "Saved now: **{handle}**. ",
    "btn_remove": "🗑 Remove this account",
    "err_handle_empty": "The username is empty.",
    "err_handle_wrong_platform": "That link is not a {platform} link.",
    "err_handle_unknown_site": "That link is not from a social media site we know.",
    "err_handle_not_a_profile": "That link is not a profile page (it may be a post).",
    "err_handle_not_a_handle": "That is not a {platform} username; use the @username.",
    "err_handle_not_a_post": "That is not a link to a post.",
    "err_handle_too_short": "That {platform} username is too short.",
    "err_handle_too_long": "That {platform} username is too long.",
    "err_handle_bad_characters": "That {platform} username has characters that are not allowed.",
    "need_one_account": (
        "At least one social media account is needed to verify your followers. "
        "Let's go through them again, starting with Instagram."
    ),
    # Summary and editing
    "summary": (
        "**Step 8 of 8 — Check your details**\n\n"
        "NIP: `{nip}`\n"
        "Name: {full_name}\n"
        "Agency: {agency}\n"
        "Work unit: {work_unit}\n"
        "Province: {province} ({zone})\n"
        "Work email: {email}\n"
        "Social media:\n{accounts}\n\n"
        "Is everything correct?"
    ),
    "profile": (
        "**Your profile** ({status})\n\n"
        "NIP: `{nip}`\n"
        "Name: {full_name}\n"
        "Agency: {agency}\n"
        "Work unit: {work_unit}\n"
        "Province: {province} ({zone})\n"
        "Work email: {email}\n"
        "Social media:\n{accounts}"
    ),
    "summary_account": "• {platform}: {handle}",
    "summary_no_email": "—",
    "status_word_draft": "draft",
    "status_word_submitted": "waiting for verification",
    "btn_correct": "✅ Correct",
    "btn_change": "✏️ Change",
    "btn_done": "✅ Done",
    "ask_edit_field": "What would you like to change?",
    "field_nip": "NIP",
    "field_full_name": "Name",
    "field_agency": "Agency",
    "field_work_unit": "Work unit",
    "field_province": "Province",
    "field_work_email": "Work email",
    "field_social": "Social media",
    "btn_back": "↩️ Back",
    "submitted": (
        "🎉 Thank you, {name}! Your enrollment is saved and **waiting for verification**.\n\n"
        "Next: we check your follower count and that the accounts are yours. You will hear "
        "from us here. Check at any time with /status."
    ),
    "profile_saved": "Changes saved. Changed social media accounts will be verified again.",
    "profile_saved_only": "Changes saved.",
    "profile_unchanged": "Nothing was changed; your profile stays as it was.",
    "edited_in_flow": (
        "✏️ Editing a message you already sent does not change your answer. To correct an "
        "answer, choose **Change** on the final summary, or type /profile once enrolled."
    ),
    # Interruptions
    "text_expected": "Sorry, at this step I need a typed answer.",
    "button_expected": "Please choose one of the buttons above.",
    "command_in_flow": (
        "You are in the middle of enrolling. Answer the question below, or type /cancel to "
        "leave for now (your answers stay saved)."
    ),
    "stale_button": "This button is no longer active.",
    "button_outdated": "This button is outdated. Please use the buttons on the latest message.",
    "cancelled": "All right, we'll stop here. Your answers are saved as a draft; type /enroll to continue.",
    "nothing_to_cancel": "There is no conversation going on.",
    "not_enrolled": "You are not enrolled yet. Type /enroll to start.",
    # Status
    "status_draft": "📝 Your enrollment is not finished. Type /enroll to continue.",
    "status_submitted": (
        "⏳ Your enrollment was sent on {date} and is **waiting for verification**. "
        "We will let you know here."
    ),
    "status_paused": "Content delivery to you is paused (/resume to start again).",
    "already_submitted": "You are already enrolled. See /status or change your details with /profile.",
    # Content opt-out
    "paused": (
        "Done: you will not receive content any more. Your data stays saved. Type /resume to "
        "receive content again, or /deletedata to erase your data."
    ),
    "already_paused": "Content delivery to you is already paused.",
    "resumed": "Welcome back! You will receive content again.",
    "not_paused": "Content delivery to you is active.",
    # Data rights
    "mydata_caption": (
        "Everything this bot stores about you (your right of access under the PDP law). "
        "Change it with /profile; erase it with /deletedata."
    ),
    "mydata_nothing": "We store no data about you.",
    "erase_confirm": (
        "⚠️ **Erase all your data?**\n"
        "Your NIP, name, agency, social media accounts, consent and conversation history will "
        "be deleted for good and your consent withdrawn. This cannot be undone."
    ),
    "btn_erase_yes": "🗑 Yes, erase everything",
    "btn_erase_no": "Cancel",
    "erased": (
        "All your data has been erased and your consent withdrawn. Thank you for taking part. "
        "You can enroll again at any time with /enroll."
    ),
    "erase_kept": "All right, your data was not erased.",
    # Language
    "ask_language": "Pilih bahasa / Choose a language:",
    "language_set": "Language changed to English.",
    # Verification (person)
    "cmd_verify": "Check your accounts again",
    "cmd_review": "Accounts waiting for review (admins)",
    "status_verified": "✅ You are **verified** as government PR since {date}.",
    "status_verified_grace": (
        "✅ You are **verified** as government PR since {date}.\n"
        "⚠️ A periodic check found too few followers (more than {threshold} are required). "
        "Unless the next check finds more, your status will be suspended on {suspend_date}."
    ),
    "status_badge": (
        "🏅 Your badge: **{number}**, valid until {date}. Type /badge to receive the badge "
        "files again."
    ),
    "status_badge_coming": "🏅 Your badge is being prepared and will be sent here.",
    "status_rejected": (
        "Your enrollment does not meet the requirements yet. You can check again with /verify "
        "from {date}."
    ),
    "status_suspended": (
        "⏸ Your status is **suspended** because your follower count dropped. Check again "
        "with /verify once you have more than {threshold} followers."
    ),
    "status_word_verified": "verified",
    "status_word_rejected": "requirements not met",
    "status_word_suspended": "suspended",
    "verify_checking": "🔎 Checking your social media accounts…",
    "verdict_verified": "✅ {platform} {handle}: {followers} followers — verified.",
    "verdict_needs_ownership": (
        "{platform} {handle}: {followers} followers ✔️\n"
        "To prove the account is yours, add the code `{code}` to your {platform} "
        "bio, then press **Done**. The code is valid for {minutes} minutes; once verified you "
        "may remove it."
    ),
    "verdict_code_missing": (
        "The code `{code}` is not in the bio of {platform} {handle} yet. Make sure "
        "the bio is saved, then press **Done** again."
    ),
    "verdict_below_threshold": (
        "{platform} {handle}: {followers} followers. The programme needs more than {threshold}."
    ),
    "verdict_needs_review": (
        "{platform} {handle} cannot be read automatically ({reason}). Send a screenshot of your "
        "profile for an admin to review."
    ),
    "verdict_in_review": "{platform} {handle} is being reviewed by an admin.",
    "verdict_not_found": (
        "The account {handle} was not found on {platform}. Check the username with /profile."
    ),
    "verdict_suspended": "The account {handle} is suspended by {platform}, so it cannot be used.",
    "verdict_delayed": (
        "{platform} could not be reached. The check of {handle} will finish by itself and we "
        "will tell you here."
    ),
    "reason_not_visible": "a personal account, not a business/creator account or a page",
    "reason_no_api": "this platform offers no automatic check",
    "reason_not_configured": "automatic checks are not switched on",
    "reason_hidden_count": "the subscriber count is hidden",
    "reason_protected": "the account is protected",
    "verdict_protected": (
        "{platform} {handle}: {followers} followers, but the account is **protected**, so the "
        "public cannot see what you share. Make it public (Settings → Privacy and safety → "
        "Audience and tagging → turn off “Protect your posts”), then type /verify. Or send a "
        "screenshot for an admin to review."
    ),
    "btn_code_done": "✅ Done",
    "btn_code_new": "🔄 New code",
    "btn_send_screenshot": "📷 Send a screenshot",
    "decision_verified": (
        "🎉 **Congratulations, you are verified as government PR!** Thank you for joining."
    ),
    "decision_rejected": (
        "Sorry, your enrollment does not meet the requirements yet (more than {threshold} "
        "followers on an account of yours). You can grow your account and check again with "
        "/verify from {date}, or correct your accounts with /profile."
    ),
    "reverify_below": (
        "Periodic check: {platform} {handle} now has {followers} followers, below the required "
        "more than {threshold}. Your status stays active until {date}; after that it will be "
        "suspended unless the count rises."
    ),
    "reverify_unconfirmed": (
        "Periodic check: an admin could not confirm that {platform} {handle} has more than "
        "{threshold} followers. Your status stays active until {date}; send a fresh profile "
        "screenshot before then to avoid suspension."
    ),
    "reverify_needs_review": (
        "🔄 Periodic check: {platform} {handle} cannot be read automatically ({reason}). Send a "
        "fresh profile screenshot showing the follower count for an admin to review. Your "
        "status stays active during the review."
    ),
    "reverify_passed": (
        "✅ Periodic check: {platform} {handle} has {followers} followers. You stay verified; "
        "your badge is extended until {date}."
    ),
    "reverify_suspended": (
        "Your government PR status is suspended because your follower count is still below the "
        "requirement. Check again with /verify at any time."
    ),
    "recheck_too_soon": "Your accounts were just checked. Try again in {minutes} minutes.",
    "cannot_verify_yet": "Finish enrolling with /enroll first, then we will check your accounts.",
    "cannot_verify_until": "You can check again from {date}.",
    # Manual review (person)
    "ask_screenshot": (
        "Send a **screenshot** of your {platform} profile {handle} showing the follower "
        "count and the code `{code}` in your bio (add the code to the bio first)."
    ),
    "ask_claimed_count": (
        "Thank you. How many followers does the profile show? Example: `1.2K`, `1,234` or `12.3K`."
    ),
    "screenshot_expected": "Please send the screenshot as a photo.",
    "err_count_empty": "The follower count is empty.",
    "err_count_not_a_number": "That is not a follower count.",
    "err_count_negative": "A follower count cannot be negative.",
    "err_count_fraction": "A count without a unit must be whole (e.g. 1,234).",
    "err_count_too_large": "That number is too large.",
    "count_example": "Example: `1.2K`, `1,234`, `1.2M`.",
    "count_ambiguous": "“{text}” could mean more than one number. Which one do you mean?",
    "review_sent": "📨 Sent to the admins for review. We will tell you here once they decide.",
    "review_approved": "✅ An admin approved the {platform} account {handle}.",
    "review_rejected": "An admin could not approve the {platform} account {handle}: {reason}.",
    "review_no_case": "No review is in progress. Type /status to see the next step.",
    # Review (admins)
    "review_card": (
        "🔍 **Review #{case_id}**\n"
        "{name} — {agency}\n"
        "{platform}: {profile_url}\n"
        "Claimed: {claimed} followers · code `{code}`\n"
        "API evidence: {evidence}\n"
        "Flags: {flags}"
    ),
    "review_card_none": "—",
    "flag_follows_more": "follows more than followed",
    "flag_new_account": "new account",
    "flag_sudden_jump": "sudden follower jump",
    "flag_protected": "protected account",
    "btn_approve": "✅ Approve",
    "btn_reject": "❌ Reject",
    "btn_reason_typed": "✍️ Type a reason",
    "reject_reason_count": "no more than {threshold} followers",
    "reject_reason_code": "the code is not visible in the bio",
    "reject_reason_owner": "the account does not belong to the applicant",
    "reject_reason_unclear": "the screenshot is not clear",
    "ask_typed_reason": "Reply to this message with the reason for rejecting review #{case_id}.",
    "review_decided_approved": "✅ Approved by {admin}",
    "review_decided_rejected": "❌ Rejected by {admin}: {reason}",
    "review_already_decided": "This review was already decided by {admin}.",
    "review_list_header": "**Waiting for review** (oldest first):",
    "review_list_line": "#{case_id} · {name} · {platform} {handle} · {claimed} · since {date}",
    "review_list_empty": "No accounts are waiting for review. 🎉",
    "review_not_found": "Review #{case_id} does not exist or was already decided.",
    "review_usage": (
        "“{text}” is not a review number. Type `/tinjau` for the waiting list, "
        "or `/tinjau 12` to show the card of review #12 again."
    ),
    "review_list_page": "Page {page} of {pages} ({total} waiting).",
    "btn_page_prev": "◀️ Previous",
    "btn_page_next": "Next ▶️",
    "review_case_gone": (
        "Review #{case_id} no longer exists: its owner erased their data. This card is closed."
    ),
    "review_card_replaced": (
        "This card is outdated: review #{case_id} is on a newer card (/tinjau {case_id}). "
        "This card is closed."
    ),
    "admin_credential_error": (
        "⚠️ The {platform} API credentials were refused ({problem}). {platform} checks wait "
        "until the credentials are fixed in the settings."
    ),
    "admin_whatsapp_token": (
        "⚠️ The WhatsApp Cloud API refused the access token (code {code}). WhatsApp content "
        "waits and is retried; renew WHATSAPP_ACCESS_TOKEN and restart the bot."
    ),
    "admin_suspended_summary": "⏸ {count} civil servants suspended after the grace period: {names}",
    "admin_only": "This command is for the PR team (admins of the admin group).",
    "admin_check_failed": (
        "Telegram could not confirm your admin status just now, so this command was not run. "
        "Please try again in a moment."
    ),
    "admin_group_migrated": (
        "⚠️ The admin group moved to a supergroup with id {chat_id}. The bot follows it now; "
        "update ADMIN_CHAT_ID in the settings so it still holds after a restart."
    ),
    "cancelled_review": "All right, the screenshot was not sent. Press the 📷 button again at any time.",
    "btn_ask_review": "🙋 Ask an admin to review",
    # Badges
    "cmd_badge": "Send your digital badge again",
    "cmd_checkbadge": "Check a badge: /checkbadge NUMBER",
    "cmd_revoke": "Revoke a badge: /revoke NUMBER REASON (admins)",
    "badge_preview_caption": "🏅 Your government PR badge: **{number}**",
    "badge_document_caption": (
        "The original badge file (a verifiable PNG). Post it on Instagram, Facebook or X; anyone "
        "can check it through the QR code or {url}"
    ),
    "badge_story_caption": "Story version (1080×1920) for Instagram/WhatsApp Stories.",
    "badge_none": "You have no badge yet. It is sent automatically once your account is verified (/status).",
    "badge_coming": "Your badge is being prepared and will be sent here shortly. See /status.",
    "badge_state_valid": "✅ Badge **{number}** is valid.",
    "badge_state_expired": "⌛ Badge **{number}** has expired.",
    "badge_state_suspended": "⏸ Badge **{number}** is suspended.",
    "badge_state_revoked": "⛔ Badge **{number}** is revoked.",
    "badge_status_details": (
        "{state}\nHolder: {holder}\nAgency: {agency}\nIssued: {issued}\n"
        "Valid until: {expires}{reason}\nVerification page: {url}"
    ),
    "badge_reason_line": "\nReason: {reason}",
    "badge_not_found": "Badge {number} was not found. Please check the number (e.g. GPR-2026-000123).",
    "checkbadge_usage": "Type the badge number after the command, e.g. `/checkbadge GPR-2026-000123`",
    "revoke_usage": "Format: `/revoke NUMBER REASON`, e.g. `/revoke GPR-2026-000123 false data`",
    "revoke_confirm": "Revoke badge **{number}** of {holder}?\nReason: {reason}",
    "btn_revoke_yes": "⛔ Yes, revoke",
    "btn_revoke_no": "Cancel",
    "revoke_done": "⛔ Badge {number} revoked by {admin}. Reason: {reason}",
    "revoke_kept": "Revocation cancelled.",
    "badge_revoked_holder": (
        "⛔ Your government PR badge ({number}) was revoked by an admin. Reason: {reason}. "
        "Contact your agency's PR team with any questions."
    ),
    # Admin group operations
    "cmd_audit": "Latest audit entries: /audit [user id] (admins)",
    "cmd_backup": "Database backup (admins)",
    "audit_header": "**Latest audit entries**{who}:",
    "audit_for": " for {actor}",
    "audit_line": "{at} · {actor} · {action} {arguments} → {outcome}",
    "audit_empty": "No audit entries yet.",
    "audit_more_in_file": "… and {count} more entries in the attached file.",
    "audit_file_caption": "The full audit entries ({count}).",
    "admin_help": "**Admin commands**\n{commands}\n\n**Everyone's commands**\n{everyone}",
    "backup_caption": (
        "🔒 Database backup {name} ({size}), encrypted with BACKUP_PASSPHRASE. It holds every "
        "civil servant's NIP, name, e-mail and accounts: keep it somewhere only the operators can "
        "open, and do not forward it. Restore it on the server with `asn-bot restore FILE`."
    ),
    "backup_sent_privately": "🔒 The encrypted backup was sent to your private chat with the bot.",
    "backup_needs_passphrase": (
        "No backup was made: the backup passphrase is not set. A backup holds every civil "
        "servant's personal data, so the bot only sends it encrypted. Ask the server operator to "
        "set `BACKUP_PASSPHRASE` (at least 12 characters) in the settings (.env) and "
        "restart the bot; then send /backup again."
    ),
    "backup_not_anonymous": (
        "Backups go to the asking admin's private chat, and an anonymous admin has none. Turn off "
        "**Remain anonymous** in your admin rights for a moment and send /backup again."
    ),
    "backup_open_private_chat": (
        "Backups are sent only in a private chat, but the bot cannot message you yet. Open a "
        "private chat with @{bot}, press **Start** (/start), then send /backup here again."
    ),
    "backup_too_large": (
        "The database is too large to send through Telegram ({size}). Back it up on the server "
        "with `asn-bot backup PATH`."
    ),
    # Campaigns (civil servants)
    "cmd_points": "Your points and sharing streak",
    "btn_share_x": "Share on X",
    "btn_share_facebook": "Facebook",
    "btn_share_whatsapp": "WhatsApp",
    "btn_share_telegram": "Telegram",
    "btn_share_linkedin": "LinkedIn",
    "btn_copy_text": "📋 Copy text",
    "btn_instagram_file": "📎 Instagram file",
    "btn_shared": "Shared ✅",
    "instagram_file_caption": "The file for Instagram. Copy the text with the 📋 Copy text button.",
    "ask_post_link": (
        "Thank you for sharing! Send the link to your post (optional) so it is recorded in "
        "full, or press Skip.\nExample: `https://x.com/yourname/status/123`"
    ),
    "reshare_recorded": "✅ Recorded! +{points} points. Total {total} points · {streak}-day streak.",
    "reshare_already": "Your share of this content is already recorded. Thank you!",
    "reshare_not_yours": "This button is not for you.",
    "reshare_too_old": (
        "This content is too old for a share to be recorded now. Share a newer one, then "
        "press Shared on its message."
    ),
    "err_reshare_not_a_post": "That is not a link to a post.",
    "err_reshare_not_your_platform": "That link is from a platform not verified for you.",
    "err_reshare_not_your_account": "That post is not from your verified account.",
    "points_summary": "🏆 Your points: **{total}** · {count} shares · {streak}-day streak.",
    "reshare_link_recorded": "🔗 Link recorded! +{points} points. Total {total} points · {streak}-day streak.",
    "reshare_kept": "All right, your share stays recorded without a link.",
    # Campaigns (admins)
    "cmd_content": "Create new content (admins)",
    "cmd_schedule": "Campaign schedule (admins)",
    "cmd_unschedule": "Cancel a campaign: /unschedule ID (admins)",
    "cmd_broadcast": "Send content now (admins)",
    "ask_campaign_content": "Reply to this message with the content: text, or a photo/video/document with a caption.",
    "ask_campaign_link": "A news/programme link (optional)? Reply with it, e.g. `https://www.komdigi.go.id/berita/…`",
    "ask_campaign_hashtags": "Hashtags (optional)? Reply with them, e.g. `#MakanBergiziGratis #ASNBerbagi`",
    "ask_campaign_variant": "Caption variant {number} of at most 5 (optional, so the posts differ)? Reply with the text, or press Done.",
    "ask_campaign_target": "Who is it for?",
    "ask_campaign_target_zone": "Which time zone?",
    "ask_campaign_target_platform": "People verified on which platform?",
    "ask_campaign_target_search": "Reply with the name of the {what} to look for.",
    "ask_campaign_schedule": "When should it go out?",
    "ask_campaign_run_at": "Reply with the date and time (WIB), e.g. `2026-11-28 08:00`",
    "ask_campaign_daily_time": "Reply with the time (in each recipient's own time zone), e.g. `08:00`",
    "ph_campaign_content": "Text, or a photo/video/document with a caption",
    "ph_campaign_link": "https://www.komdigi.go.id/berita/…",
    "ph_campaign_hashtags": "#MakanBergiziGratis #ASNBerbagi",
    "ph_campaign_variant": "A caption variant",
    "ph_campaign_province": "Province name, e.g. Jawa Timur",
    "ph_campaign_agency": "Agency name, e.g. Komdigi",
    "ph_campaign_run_at": "2026-11-28 08:00 (WIB)",
    "ph_campaign_daily_time": "08:00",
    "campaign_question_for": "{admin}, {question}",
    "campaign_question_buttons": "Or press:",
    "campaign_reply_hint": "To answer, reply to my last question or press its button; /cancel to stop composing.",
    "btn_target_all": "Everyone",
    "btn_target_zone": "Time zone",
    "btn_target_province": "Province",
    "btn_target_agency": "Agency",
    "btn_target_platform": "Platform",
    "btn_schedule_now": "Now",
    "btn_schedule_once": "Date & time",
    "btn_schedule_daily": "Every day",
    "btn_confirm_campaign": "✅ Save & schedule",
    "btn_cancel_campaign": "Cancel",
    "btn_second_approval": "✅ Approve (second admin)",
    "word_province": "province",
    "word_agency": "agency",
    "campaign_preview_header": "👀 **Preview** — this is what recipients see:",
    "campaign_summary": (
        "**Summary**\nTarget: {target}\nSchedule: {schedule}\nVariants: {variants}\n{warning}"
        "Save it?"
    ),
    "campaign_x_warning": "⚠️ A share text is longer than X's 280 characters; it will be cut on X.\n",
    "target_everyone": "every verified civil servant",
    "schedule_now": "now",
    "schedule_once": "{when} WIB",
    "schedule_daily": "every day at {time} local time (WIB/WITA/WIT)",
    "schedule_daily_next": "daily at {time} in each person's own time zone; next {next}",
    "campaign_saved": "✅ Campaign #{campaign_id} is scheduled.",
    "campaign_awaiting": "⏳ Campaign #{campaign_id} to everyone waits for a second admin's approval.",
    "campaign_approved": "✅ Campaign #{campaign_id} approved by {admin} and scheduled.",
    "campaign_second_admin_needed": "The approval must come from another admin.",
    "campaign_discarded": "Campaign draft discarded.",
    "campaign_no_draft": "No campaign draft. Start with /content.",
    "campaign_cancelled": "🛑 Campaign #{campaign_id} cancelled. What was delivered stays delivered.",
    "campaign_not_found": "Campaign #{campaign_id} does not exist or has finished.",
    "unschedule_usage": "Format: `/unschedule ID`, e.g. `/unschedule 12`",
    "schedule_header": "**Running and scheduled campaigns**:",
    "schedule_line": "#{campaign_id} · {title} · {status} · {next}",
    "schedule_empty": "No campaigns are scheduled.",
    "campaign_progress": (
        "📣 Campaign #{campaign_id} ({zone}): {sent}/{total} delivered · failed {failed} · "
        "blocked {blocked} · {rate}/s · about {eta} left"
    ),
    "campaign_finished": (
        "✅ Campaign #{campaign_id} ({zone}) finished: {sent}/{total} delivered · failed {failed} · "
        "blocked {blocked}."
    ),
    "campaign_reached_nobody": "⚠️ Campaign #{campaign_id} ({zone}) reached no one: {reason}",
    "campaign_reason_capped": "all {count} matching people already got {limit} messages in the last 24 hours (the MAX_PUSHES_PER_DAY limit).",
    "campaign_reason_no_match": "no verified civil servant (still receiving content) matches its target.",
    "campaign_note_capped": "⏭ {count} people left out: they already got {limit} messages in the last 24 hours (the MAX_PUSHES_PER_DAY limit).",
    "campaign_note_deferred": "⏸ Deferred for quiet hours until {when}.",
    "campaign_deferred": "⏸ Campaign #{campaign_id} ({zone}) falls in the recipients' quiet hours; it goes out {when}.",
    "campaign_missed": (
        "⚠️ Campaign #{campaign_id} ({zone}) was missed: the bot was down at its time ({due}), "
        "beyond the grace period. Schedule it again if it is still needed."
    ),
    "err_draft_bad_link": "That is not a complete http(s) link.",
    "err_draft_bad_hashtags": "Hashtags are words without spaces starting with #, e.g. #ASNBerbagi.",
    "err_draft_bad_datetime": "Date and time as YYYY-MM-DD HH:MM, e.g. 2026-11-28 08:00.",
    "err_draft_in_the_past": "That time has passed.",
    "err_draft_bad_time": "Time as HH:MM, e.g. 08:00.",
    "err_draft_too_long": "The text is too long (at most 1024 characters).",
    "err_draft_too_many_variants": "At most 5 variants.",
    "err_draft_empty": "The content is empty.",
    # Insight (admins) and leaderboard privacy
    "cmd_stats": "Statistics: /stats [7|30|90] (admins)",
    "cmd_leaderboard": "Top sharers: /leaderboard [week|month] [agency] (admins)",
    "cmd_export": "Export: /export enrollments|campaigns|reshares [csv|xlsx] (admins)",
    "cmd_privacy": "Show or hide your name on the leaderboard",
    "stats_usage": "Format: `/stats 7`, `/stats 30` or `/stats 90`, optionally followed by a unit: `/stats 30 pemprov-yo`",
    "leaderboard_header": "🏆 **Top sharers {window}**{agency}",
    "leaderboard_week": "this week",
    "leaderboard_month": "this month",
    "leaderboard_agency": " — {agency}",
    "leaderboard_line": "{rank}. {name} ({agency}) · {points} points · {reshares}×",
    "leaderboard_empty": "Nobody has shared content in this period yet.",
    "export_usage": "Format: `/export enrollments csv` (kinds: enrollments, campaigns, reshares, units; formats: csv or xlsx), optionally followed by a unit: `/export enrollments xlsx kemenkeu`",
    "export_caption": "Export of {kind} ({rows} rows). NIP {nip}. Holds personal data: keep it safe.",
    "export_nip_masked": "masked",
    "export_nip_full": "in full (EXPORT_FULL_NIP)",
    "export_too_large": "The export is too large for Telegram ({size}). Run it on the server.",
    "privacy_status_shown": "Your name **is shown** on the top sharers leaderboard.",
    "privacy_status_hidden": "Your name **is not shown** on the top sharers leaderboard.",
    "btn_privacy_hide": "🙈 Hide my name",
    "btn_privacy_show": "🙋 Show my name",
    "export_started": "⏳ Preparing the {kind} export ({fmt})… large data can take a few minutes.",
    # Badge artwork
    "art_programme": "Government Public Relations",
    "art_awarded_to": "AWARDED TO",
    "art_badge_number": "BADGE NUMBER",
    "art_issued": "ISSUED",
    "art_valid_until": "VALID UNTIL",
    "art_issuer": "Issuer: {issuer}",
    "art_scan_to_verify": "Scan to verify",
    # Statistics chart
    "chart_started": "Started",
    "chart_consented": "Consented",
    "chart_submitted": "Submitted",
    "chart_verified": "Verified",
    "chart_badges": "Badges issued",
    "chart_funnel_title": "Enrollment funnel, last {days} days",
    "chart_zone_title": "Verified by time zone (now)",
    "chart_people": "people",
    "chart_summary_title": "Statistics for the last {days} days ({period})",
    "chart_summary_funnel": (
        "Enrollment: started {started} · consented {consented} · submitted {submitted}"
        " · verified {verified} · badges {badges}"
    ),
    "chart_summary_now": (
        "Now: {verified} verified ({active} active, {opted_out} opted out of content, {blocked}"
        " blocked the bot); {awaiting} awaiting verification"
    ),
    "chart_summary_zones": "Time zones: {zones}",
    "chart_summary_agencies": "Top agencies: {agencies}",
    "chart_summary_campaigns": "Campaigns: {count}",
    "chart_summary_campaign": (
        "- {title}: delivered {sent}, failed {failed}, blocked {blocked}, reshared {reshares}"
        " ({rate})"
    ),
    "chart_summary_more": "… and {count} more campaigns",
    # Verification web page
    "web_programme": "Government Public Relations",
    "web_issuer_contact": "Issuer contact",
    "web_badge_number": "Badge number",
    "web_check": "Check",
    "web_example": "Example",
    "web_check_a_badge": "Check a badge",
    "web_what_is_this": "What is this?",
    "web_about_volunteers": (
        "Civil servants (ASN) active on social media can volunteer as government public"
        " relations: they share verified information on government programmes and counter hoaxes."
    ),
    "web_about_badge": (
        "Those whose account has more than {threshold} followers on Instagram, Facebook, X, TikTok"
        " or YouTube, and is proven to be their own, receive a digital badge (Open Badges 2.0)."
        " Every badge has a number and a QR code anyone can check here."
    ),
    "web_problem_not_found": "No badge {number} was found. Please check the number.",
    "web_problem_format": "A badge number is a code, a year and six digits, joined by hyphens.",
    "web_problem_empty": "Type a badge number.",
    "web_not_found": "Not found",
    "web_check_the_number": "Check the number",
    "web_state_valid": "Valid badge",
    "web_state_expired": "Expired badge",
    "web_state_suspended": "Suspended badge",
    "web_state_revoked": "Revoked badge",
    "web_badge_alt": "Badge {number}",
    "web_reason": "Reason",
    "web_holder": "Holder",
    "web_agency": "Agency",
    "web_what_was_verified": "What was verified",
    "web_rule": "An account of the holder's with more than {threshold} followers on {where}",
    "web_and": "and",
    "web_social_media": "social media",
    "web_last_checked": "Last checked",
    "web_moment": "{day}, {time} WIB (UTC+7)",
    "web_issued": "Issued",
    "web_valid_until": "Valid until",
    "web_status_as_of": "Status as of",
    "web_open_badges": "Open Badges 2.0 digital badge",
    "web_check_another": "Check another badge",
    # --- WhatsApp: outbox ---
    "campaign_audience_header": "📬 **Recipients now, per channel**",
    "campaign_audience_telegram": "Telegram: {people} people",
    "campaign_audience_whatsapp": (
        "WhatsApp: {people} people, {templates} by template (estimated cost IDR {cost})"
    ),
    # --- WhatsApp: people ---
    "cmd_link": "Link your Telegram and WhatsApp",
    "link_unavailable": "Sorry, linking with WhatsApp is not available yet.",
    "link_how": (
        "🔗 **Link Telegram and WhatsApp**\n"
        "You have not enrolled on Telegram. Enrolled on WhatsApp? Send **LINK** to this "
        "programme's WhatsApp number, then type the 6-digit code it shows here, for example "
        "`/link 123456`.\nNot enrolled anywhere yet? Type /enroll."
    ),
    "link_code": (
        "🔗 **Your linking code: {code}**\n"
        "On WhatsApp, send `LINK {code}` to this programme's WhatsApp number within {minutes} "
        "minutes. Then your Telegram and WhatsApp are one enrollment: the same NIP, badge and "
        "points, with content sent to WhatsApp (you can change that)."
    ),
    "link_status": (
        "🔗 Telegram and WhatsApp ({number}) are linked. Content goes to **{channel}**; choose "
        "below to change it.\n\n"
        "New WhatsApp number? From the new number, send `LINK {code}` to this programme's "
        "WhatsApp number within {minutes} minutes."
    ),
    "link_done": (
        "✅ Linked! Your Telegram and WhatsApp are now one enrollment. Content goes to "
        "**{channel}**; choose below to get it elsewhere."
    ),
    "link_malformed": (
        "A linking code is 6 digits, for example `/link 123456`. WhatsApp shows it after you "
        "send LINK to this programme's number."
    ),
    "link_not_enrolled": (
        "Linking is for people already enrolled. Enroll first (on Telegram with /enroll, on "
        "WhatsApp with REGISTER), then ask for a linking code."
    ),
    "link_wrong_code": (
        "That code matches no valid linking code. Check the 6 digits and try again; if in "
        "doubt, ask for a new code."
    ),
    "link_expired": "That code has expired: linking codes last 15 minutes. Please ask for a new one.",
    "link_too_many": (
        "That is 5 wrong codes. For your safety, wait 15 minutes, then ask for a new code."
    ),
    "link_same_channel": (
        "That code must be typed in the other app, not where it was shown: a code from "
        "Telegram is typed on WhatsApp, and the other way round."
    ),
    "link_already_enrolled": (
        "This account has an enrollment of its own, so it cannot be linked: one person, one "
        "enrollment. If both are yours, delete the enrollment on this account (/deletedata or "
        "DELETEDATA), then link again."
    ),
    "link_already_linked": (
        "This account is already linked to another enrollment. If that is no longer yours, "
        "delete its data from this account (/deletedata or DELETEDATA), then link again."
    ),
    "link_not_linked": "That account is not linked to your enrollment. Type /link to link it.",
    "link_channel_chosen": "Done: content now goes to **{channel}**.",
    "btn_content_telegram": "📨 Send to Telegram",
    "btn_content_whatsapp": "📨 Send to WhatsApp",
    # --- WhatsApp: chat ---
    "wa_choose_below": "Please choose:",
    "wa_btn_choose": "Choose",
    "wa_btn_menu": "Menu",
    "wa_menu": (
        "Hello! Choose what you would like to do from the menu, or type its keyword, "
        "for example REGISTER, STATUS or HELP."
    ),
    "wa_kind_central": "Ministry / agency",
    "wa_kind_provincial": "Provincial government",
    "wa_kind_regional": "Regency / city govt",
    "wa_btn_change_kind": "↩️ Change kind",
    "wa_btn_remove": "🗑 Remove account",
    "wa_more_matches": (
        "{found} match; the first {shown} are shown. Not in the list? Type a fuller name."
    ),
    "wa_btn_send_screenshot": "📷 Send screenshot",
    "wa_btn_ask_review": "🙋 Ask for review",
    "wa_btn_erase_yes": "🗑 Yes, erase all",
    "wa_instagram_file": (
        "The campaign's photo or video is in the message above: tap it, choose Save, and "
        "upload that file on Instagram."
    ),
    "wa_cmd_link": "Link your Telegram and WhatsApp accounts",
    "wa_link_code": (
        "🔗 Your linking code: **{code}**\n"
        "In Telegram, type `/link {code}` within {minutes} minutes. Content then goes to "
        "Telegram; you can choose again at any time."
    ),
    "wa_link_done": (
        "✅ This WhatsApp is now linked to your enrollment. The programme's content will come here."
    ),
    "wa_link_bad_code": "A linking code is 6 digits, for example: `LINK 123456`",
    "wa_link_not_enrolled": (
        "You are not enrolled yet. Type REGISTER to enroll, or type the code from Telegram: "
        "`LINK 123456`"
    ),
    "wa_link_wrong_code": "That code does not match. Check the 6 digits from Telegram again.",
    "wa_link_expired": "That code has expired. Ask Telegram for a new one with /link.",
    "wa_link_too_many_attempts": "Too many attempts. Ask Telegram for a new code with /link.",
    "wa_link_same_channel": "That code was made in WhatsApp; type it in Telegram.",
    "wa_link_already_enrolled": (
        "This WhatsApp has its own enrollment, so it cannot be linked. Type DELETEDATA here "
        "first if you want to use your Telegram enrollment."
    ),
    "wa_link_already_linked": "This WhatsApp is already linked to your enrollment.",
    # --- WhatsApp: flows people ---
    "wa_nip_taken": (
        "This NIP is already enrolled from another account, so it cannot be used here. If that "
        "is your own enrollment on Telegram, you need not enroll again: type DELETEDATA here to "
        "drop this new enrollment, then send /link on Telegram and type its code here "
        "(`LINK 123456`). If it is not, we have told the PR team; please contact your agency's "
        "PR admin. If you mistyped it, please type it again."
    ),
    "wa_news_waiting": "📬 **There is news about your enrollment** since your last message:",
    # --- PR units: scope ---
    "out_of_scope": (
        "⛔ That is outside this group's PR unit. Each admin group sees and handles only the "
        "civil servants of its own unit and the units under it."
    ),
    "unit_not_found": (
        'No unit "{query}" was found. Name a unit by its code (e.g. `kemenkeu`, '
        "`pemprov-yo`, `yo-kabupaten-sleman`) or by its name."
    ),
    "unit_ambiguous": (
        'Several units match "{query}": {codes}. Please send the command again with one '
        "of these codes."
    ),
    # --- PR units: unit-admin ---
    "cmd_invite": "Invite a PR unit (ministry, province, regency/city)",
    "cmd_unit": "The PR units' admin groups",
    "cmd_activate": "Activate this group as a unit's admin group",
    "national_only": (
        "This command is for the national admin group only. A unit's group looks after its "
        "own civil servants with /review, /stats and the other admin commands."
    ),
    "invite_usage": (
        "Write the unit to invite after the command, for example:\n"
        "`/invite kemenkeu`\n`/invite Kementerian Keuangan`\n`/invite pemprov-yo`\n"
        "`/invite Kabupaten Sleman, DI Yogyakarta`"
    ),
    "invite_not_found": (
        "No agency \"{query}\" was found. Write a ministry's or agency's name, abbreviation or "
        "code (`/invite kemenkeu`), a province (`/invite DI Yogyakarta`), or a regency or city "
        "with its province (`/invite Kabupaten Sleman, DI Yogyakarta`)."
    ),
    "invite_choice": "`{code}` — {name}",
    "invite_choices": (
        'Several agencies match "{query}":\n{choices}\n\nPlease send it again with the code, '
        "for example `/invite kemenkeu`."
    ),
    "invite_created": (
        "✉️ **Invitation for {unit}** (`{unit_code}`)\n\n"
        "One-time code: `{code}`\nValid until {expires}.\n\n"
        "Give this code to the unit's PR head, with these steps:\n"
        "1. Create a Telegram group for the unit's PR team.\n"
        "2. Add the bot @{bot} to that group and make it a group admin.\n"
        "3. One of the group's admins sends `/activate {code}` in that group.\n\n"
        "That group then sees and handles only the civil servants of this unit and the units "
        "under it."
    ),
    "activate_private": (
        "/activate is sent in your unit PR team's Telegram group, not in a private chat: "
        "create the group, add the bot and make it an admin, then send `/activate CODE` there."
    ),
    "activate_usage": (
        "Write the invitation code after the command, for example `/activate K7QM2XWPAR`. The "
        "national PR team gives you the code (with /invite)."
    ),
    "activate_not_group_admin": (
        "Only an admin of this group can activate it. Ask the group's creator to make you an "
        "admin, or ask a group admin to send the code."
    ),
    "activate_unknown": (
        "That code is not known. Please check it (10 letters and digits, without O, I, L, 0 "
        "and 1), or ask the national PR team for a new one."
    ),
    "activate_expired": (
        "That code has expired (codes are valid for 48 hours). Ask the national PR team for a "
        "new one (/invite)."
    ),
    "activate_used": (
        "That code was used already. Each code works once; ask the national PR team for a new "
        "one if the unit's group needs activating again."
    ),
    "activate_national_group": (
        "This is the national admin group: it already sees every unit and needs no "
        "activation. The invitation code belongs in the unit's new group."
    ),
    "activate_group_taken": (
        "This group is already the admin group of {unit}. One group serves one unit: create "
        "another group for the invited unit."
    ),
    "activate_too_many": (
        "Too many wrong codes from this group. Please wait an hour, then send the right code "
        "from the national PR team."
    ),
    "activate_welcome": (
        "✅ **This group is now the admin group of {unit}** (`{unit_code}`).\n\n"
        "Its admins see and handle the civil servants of this unit and the units under it: "
        "review cards come here, and /review, /stats, /export, /content and the other admin "
        "commands cover this unit only. Type /help for the list of commands."
    ),
    "group_waiting_for_code": (
        "👋 Hello! This group is not an admin group yet. If it is for a unit's PR team, one "
        "of the group's admins sends `/activate CODE` (the code from the national PR team) "
        "before {deadline}. If it is not activated by then, the bot leaves this group."
    ),
    "group_not_activated": (
        "This group was not activated in time, so the bot is leaving. To activate it, add "
        "the bot again and send `/activate CODE` soon after."
    ),
    "unit_group_migrated": (
        "⚠️ This group became a supergroup with id {chat_id}. The bot follows it: it stays "
        "its unit's admin group."
    ),
    "unit_usage": (
        "The /unit command:\n`/unit` — the unit groups\n"
        "`/unit move UNIT_CODE GROUP_ID` — move a unit's group (the id from /chatid)\n"
        "`/unit deactivate UNIT_CODE` — deactivate a unit's group\n"
        "`/unit approval UNIT_CODE yes|no|default` — second approval of the unit's content"
    ),
    "unit_list_empty": "No unit groups yet. Invite a unit with /invite.",
    "unit_list_header": "**Unit admin groups** ({count}):",
    "unit_list_line": (
        "• **{name}** (`{code}`) · parent: {parent} · group `{chat_id}` · active since {at} "
        "by {by} · second approval: {approval}"
    ),
    "unit_list_more_in_file": "… and {count} more groups in the attached file.",
    "unit_list_file_caption": "Every unit admin group ({count}).",
    "unit_approval_default": "default",
    "unit_approval_on": "required",
    "unit_approval_off": "not required",
    "unit_root_fixed": (
        "The national programme is served by the ADMIN_CHAT_ID group, not a unit group. Name "
        "a unit's code, for example `kemenkeu` or `pemprov-yo`."
    ),
    "unit_move_bad_chat": (
        'The group id "{text}" is not valid. A group id is a negative number, for example '
        "`-1001234567890`: send /chatid in the target group to see it."
    ),
    "unit_move_chat_taken": (
        "The group `{chat_id}` is another admin group already. Choose a new group for this unit."
    ),
    "unit_move_unreachable": (
        "The bot is not in the group `{chat_id}`. Add the bot to that group first, then try again."
    ),
    "unit_moved": "✅ The admin group of {unit} is now the group `{chat_id}`.",
    "unit_no_group": "{unit} has no admin group yet. Invite the unit with /invite.",
    "btn_deactivate_unit": "🛑 Deactivate",
    "btn_keep_unit": "Cancel",
    "unit_deactivate_confirm": (
        "Deactivate the admin group of {unit}? Its review cards then go to the group above it "
        "(or the national group), and that group's admins can no longer use admin commands."
    ),
    "unit_already_inactive": "This unit's group is no longer active.",
    "unit_group_deactivated": (
        "This group is no longer the admin group of {unit}: the national PR team deactivated it."
    ),
    "unit_deactivated": "🛑 The admin group of {unit} was deactivated.",
    "unit_approval_set": "✅ Second approval of {unit}'s content: {approval}.",
    # --- PR units: unit-insights ---
    "stats_ranking_national": (
        "Units ranked (verified · enrolled · campaign messages delivered · reshare rate):"
    ),
    "stats_ranking_unit": (
        "{unit} by the units under it (verified · enrolled · campaign messages delivered · "
        "reshare rate):"
    ),
    "stats_ranking_line": "{rank} {unit}: {verified} · {enrolled} · {delivered} · {rate}",
    "stats_ranking_own": "{unit} (directly)",
    "stats_ranking_unassigned": "No unit yet",
    "stats_ranking_more": "… and {count} more units: send /export units for the full list.",
    "chart_summary_unit": "Unit: {unit}, with the units under it",
    "chart_summary_activity": (
        "Campaign messages delivered to this unit's civil servants: {delivered} · reshared: "
        "{reshares} · rate {rate}"
    ),
    "export_national_only": (
        "The {kind} export is for the national admin group only. A unit group exports its own "
        "people: `/export enrollments`, `/export reshares` or `/export units`."
    ),
    "audit_in_unit": " — {unit}",
    # --- PR units: unit-campaigns ---
    "btn_target_unit": "PR unit",
    "btn_target_units_done": "✅ Done choosing units",
    "ask_campaign_target_unit": (
        "Which PR unit? Reply with its name or code (e.g. `kemenkeu`, `Pemprov DIY`, "
        "`Kabupaten Sleman, DI Yogyakarta`). The civil servants of that unit and the units "
        "under it receive it."
    ),
    "ph_campaign_target_unit": "Unit name or code",
    "campaign_target_units_chosen": (
        "Receiving units: {units}. Reply with another unit's name to add it, or press Done "
        "choosing units."
    ),
    "campaign_summary_units": "🏛 From: {owner} · Receiving units: {units}",
    "campaign_units_whole": "every civil servant in scope",
    "campaign_localise_usage": (
        "Format: `/content lokal NUMBER`, e.g. `/content lokal 12`: your unit's caption "
        "variants for national campaign #12."
    ),
    "campaign_localise_intro": (
        "✍️ {unit}'s caption variants for campaign #{campaign_id} «{title}». Your unit's "
        "civil servants get these instead of the national text; everyone else keeps the "
        "national text."
    ),
    "campaign_localise_national_group": (
        "The national group writes the campaign's own text. Local variants are given in a "
        "unit's admin group."
    ),
    "campaign_localise_own_campaign": (
        "Campaign #{campaign_id} was composed in your own unit; its variants are already "
        "your unit's. Cancel it (/unschedule) and compose it again to change them."
    ),
    "campaign_localise_closed": (
        "Campaign #{campaign_id} was already sent or cancelled, so it can no longer get local "
        "variants."
    ),
    "campaign_localise_need_variant": "Write at least one caption variant for your unit.",
    "campaign_localise_summary": (
        "**Summary**\nCampaign #{campaign_id} · {unit}'s variants: {variants}\nSave? Your "
        "unit's civil servants get these from the campaign's next sending on."
    ),
    "campaign_localised": (
        "✅ {unit}'s variants for campaign #{campaign_id} saved ({variants} variants)."
    ),
    "schedule_localisable_header": (
        "**Campaigns from above for your unit's civil servants** (give them your unit's "
        "variants with `/content lokal NUMBER`):"
    ),
    "schedule_localisable_line": "#{campaign_id} · {title}",
}
