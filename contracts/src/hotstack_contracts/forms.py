"""The standard form of each kind, in the site's language.

Intent puts these in a spec when a brief or prompt asks for a form (and the v1 upcast when
a v1 intent lists the matching feature); a producer may send its own fields instead.
"""

from __future__ import annotations

from typing import Literal

from .site import FormField, FormKind, FormSection

FieldType = Literal["text", "email", "tel", "date", "time", "number", "textarea", "select"]

# name → (type, required, {language: label})
_FIELDS: dict[str, tuple[FieldType, bool, dict[str, str]]] = {
    "name": ("text", True, {"en": "Your name", "es": "Tu nombre", "fr": "Votre nom",
                            "de": "Ihr Name"}),
    "email": ("email", True, {"en": "Your email", "es": "Tu correo electrónico",
                              "fr": "Votre e-mail", "de": "Ihre E-Mail-Adresse"}),
    "phone": ("tel", False, {"en": "Phone (optional)", "es": "Teléfono (opcional)",
                             "fr": "Téléphone (facultatif)", "de": "Telefon (optional)"}),
    "message": ("textarea", True, {"en": "Message", "es": "Mensaje", "fr": "Message",
                                   "de": "Nachricht"}),
    "date": ("date", True, {"en": "Preferred date", "es": "Fecha preferida",
                            "fr": "Date souhaitée", "de": "Wunschtermin"}),
    "time": ("time", False, {"en": "Preferred time", "es": "Hora preferida",
                             "fr": "Heure souhaitée", "de": "Uhrzeit"}),
    "people": ("number", False, {"en": "Number of people", "es": "Número de personas",
                                 "fr": "Nombre de personnes", "de": "Anzahl Personen"}),
    "topic": ("textarea", True, {"en": "What is it about?", "es": "¿De qué se trata?",
                                 "fr": "De quoi s'agit-il ?", "de": "Worum geht es?"}),
    "amount": ("number", True, {"en": "Amount you pledge", "es": "Importe que donas",
                                "fr": "Montant de votre don", "de": "Ihr Spendenbetrag"}),
}  # fmt: skip

_FORMS: dict[FormKind, tuple[tuple[str, ...], dict[str, str], dict[str, str]]] = {
    FormKind.CONTACT: (
        ("name", "email", "message"),
        {"en": "Send us a message", "es": "Escríbenos", "fr": "Écrivez-nous",
         "de": "Schreiben Sie uns"},
        {"en": "Send message", "es": "Enviar mensaje", "fr": "Envoyer",
         "de": "Nachricht senden"},
    ),
    FormKind.BOOKING: (
        ("name", "email", "phone", "date", "time", "people"),
        {"en": "Request a booking", "es": "Pide tu reserva", "fr": "Demander une réservation",
         "de": "Termin anfragen"},
        {"en": "Send request", "es": "Enviar solicitud", "fr": "Envoyer la demande",
         "de": "Anfrage senden"},
    ),
    FormKind.CONSULTATION: (
        ("name", "email", "phone", "topic"),
        {"en": "Request a consultation", "es": "Solicita una consulta",
         "fr": "Demander une consultation", "de": "Beratung anfragen"},
        {"en": "Request consultation", "es": "Solicitar consulta", "fr": "Envoyer la demande",
         "de": "Beratung anfragen"},
    ),
    FormKind.WAITLIST: (
        ("name", "email"),
        {"en": "Join the waitlist", "es": "Apúntate a la lista de espera",
         "fr": "Rejoindre la liste d'attente", "de": "Auf die Warteliste"},
        {"en": "Join the waitlist", "es": "Apuntarme", "fr": "M'inscrire",
         "de": "Eintragen"},
    ),
    FormKind.REGISTRATION: (
        ("name", "email", "phone", "people"),
        {"en": "Register", "es": "Inscríbete", "fr": "Inscription", "de": "Anmeldung"},
        {"en": "Register", "es": "Inscribirme", "fr": "M'inscrire", "de": "Anmelden"},
    ),
    FormKind.DONATION: (
        ("name", "email", "amount"),
        {"en": "Pledge a donation", "es": "Haz un donativo", "fr": "Faire un don",
         "de": "Spenden"},
        {"en": "Send pledge", "es": "Enviar donativo", "fr": "Envoyer mon don",
         "de": "Spende zusagen"},
    ),
}  # fmt: skip


def _word(words: dict[str, str], language: str) -> str:
    return words.get(language.split("-")[0].lower(), words["en"])


def standard_form(kind: FormKind, language: str = "en", *, party: bool = False) -> FormSection:
    """The form of this kind with its usual fields, worded in `language` (English where the
    language has no wording here); a booking asks for the number of people only for a
    `party` (a table, a tour), not for an appointment."""
    names, heading, submit = _FORMS[kind]
    if kind is FormKind.BOOKING and not party:
        names = tuple(name for name in names if name != "people")
    fields = []
    for name in names:
        field_type, required, labels = _FIELDS[name]
        fields.append(
            FormField(name=name, label=_word(labels, language), type=field_type, required=required)
        )
    return FormSection(
        heading=_word(heading, language),
        form=kind,
        fields=fields,
        submit=_word(submit, language),
    )
