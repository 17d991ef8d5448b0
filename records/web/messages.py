"""Messages that reach the interface from Python, in the user's language.

The shared validator (records.drafts, records.fields) speaks English: the CLI and the CSV
batch use it too, and its messages carry dynamic parts (quoted values, agency names,
lists, numbers). `translate_error` maps each message it can produce to Spanish through an
ordered table of regular expressions, keeping the dynamic parts as they are. A message the
table does not know is shown in English rather than not at all.

Titles that Python passes to templates as plain strings (step titles, error-page titles,
the deadline calculator's clock names) are translated by `_()` in the templates; `N_`
only marks them here so that `pybabel extract` puts them in the catalog.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable

from flask_babel import get_locale

from records.fields import FieldError


def N_(message: str) -> str:  # noqa: N802 (gettext's conventional name)
    """Mark a string for extraction without translating it (pybabel's default keyword)."""
    return message


# Rendered through `_()` by templates/wizard/_layout.html, review.html and errors/error.html.
STEP_TITLES = (N_("Law and agency"), N_("Records"), N_("Who is asking"), N_("Fees and speed"),
               N_("Review"), N_("Done"))
ERROR_TITLES = (
    N_("This form has expired"), N_("Too many PDFs at once"), N_("Something went wrong"),
    # werkzeug's names for the HTTP errors a user can meet (HTTPException.name)
    N_("Bad Request"), N_("Forbidden"), N_("Not Found"), N_("Method Not Allowed"),
    N_("Request Entity Too Large"), N_("Unprocessable Entity"), N_("Too Many Requests"),
    N_("Internal Server Error"),
)
# records/web/calculator.py's TITLES, STATUSES and LAW_NAMES, shown by templates/deadlines.html.
CALCULATOR_TITLES = (
    N_("The custodian's response"), N_("Written reasons for a denial"),
    N_("Records for a person involved"), N_("Paying the fees"),
    N_("Answering a request for clarification"), N_("Going to court"),
    N_("The agency's determination"), N_("The decision on expedited processing"),
    N_("Your appeal"), N_("The decision on your appeal"),
    N_("Upcoming"), N_("Due today"), N_("Missed"), N_("Met"),
    N_("Missouri Sunshine Law"), N_("Freedom of Information Act (FOIA)"),
    N_("Privacy Act (your own records)"),
)


def _or(text: str) -> str:
    return text.replace(" or ", " o ")


# Group transforms: a group's English connective words, never its values.
TRANSFORMS: dict[str, Callable[[str], str]] = {"channels": _or}

# (English pattern, Spanish template). Order matters: specific before general. Every
# pattern must match a whole message; the Spanish template uses the pattern's groups.
_TABLE: tuple[tuple[str, str], ...] = (
    # records/fields.py
    (r"unknown key \(known keys: (?P<known>.*)\)",
     "no reconocemos este dato (los datos posibles son: {known})"),
    (r"must be text", "debe ser texto"),
    (r"is too long", "es demasiado largo"),
    (r"is too long \((?P<n>[0-9]+) characters; at most (?P<limit>[0-9]+)\)",
     "es demasiado largo ({n} caracteres; el máximo es {limit})"),
    (r"must be one of: (?P<options>.*) \(got (?P<value>.*)\)",
     "debe ser una de estas opciones: {options} (usted escribió {value})"),
    (r"must be a list of names", "debe ser una lista de nombres"),
    (r"an entry is too long \(at most (?P<limit>[0-9]+) characters\)",
     "uno de los nombres es demasiado largo (máximo {limit} caracteres)"),
    (r"not a date: (?P<value>.*) \(use YYYY-MM-DD, e\.g\. 2019-07-22\)",
     "esta fecha no es válida: {value} (use el formato AAAA-MM-DD, por ejemplo 2019-07-22)"),
    (r"is before 1900; check the year", "es anterior a 1900; revise el año"),
    (r"not a time: (?P<value>.*) \(use HH:MM on a 24-hour clock, e\.g\. 14:30\)",
     "esta hora no es válida: {value} (use HH:MM en formato de 24 horas, por ejemplo 14:30)"),
    (r"not an email address", "no es una dirección de correo electrónico válida"),
    (r"not a phone number \(7 to 15 digits\)",
     "no es un número de teléfono válido (debe tener de 7 a 15 dígitos)"),
    (r"not an A-number \(the letter A and 8 or 9 digits, e\.g\. A012345678\)",
     "no es un número A válido (la letra A y 8 o 9 dígitos, por ejemplo A012345678)"),
    (r"must be an amount in dollars, e\.g\. 25 \(got that\)",
     "debe ser una cantidad en dólares, por ejemplo 25"),
    (r"must be an amount in dollars, e\.g\. 25 \(got (?P<value>.*)\)",
     "debe ser una cantidad en dólares, por ejemplo 25 (usted escribió {value})"),
    (r"must be 0 or more dollars", "debe ser 0 dólares o más"),
    (r"must be at most (?P<limit>\$[0-9,.]+)", "no puede ser más de {limit}"),
    (r"must be an object with named fields", "debe ser un objeto con campos con nombre"),
    # records/drafts.py
    (r"must be a JSON object with named fields",
     "las respuestas deben ser un objeto JSON con campos con nombre"),
    (r"is required \(mo-sunshine, foia or privacy-act\)",
     "falta la ley (mo-sunshine, foia o privacy-act): elija una agencia y la ley se elige sola"),
    (r"describe the records you want, or pick at least one in records",
     "describa los documentos que quiere, o marque al menos uno en la lista de documentos"),
    (r"the Sunshine Law has no expedited processing; the custodian must already respond "
     r"within 3 business days \(RSMo 610\.023\.3\)\. Remove it",
     "la Ley Sunshine no tiene trámite urgente; el encargado de los documentos ya debe "
     "responder en 3 días hábiles (RSMo 610.023.3). Borre este texto"),
    (r"is required \(see `python -m records agencies`\)",
     "falta la agencia: elija una de la lista (o vea `python -m records agencies`)"),
    (r"unknown agency (?P<agency>.*) \(known: (?P<known>.*)\)",
     "no conocemos la agencia {agency} (las que conocemos son: {known})"),
    (r"the Missouri Sunshine Law does not reach (?P<agency>.*), a federal agency: use "
     r"\"foia\" \(or \"privacy-act\" for your own records\)",
     "la Ley Sunshine de Missouri no se aplica a {agency}, que es una agencia federal: use "
     "\"foia\" (o \"privacy-act\" si son sus propios documentos)"),
    (r"(?P<agency>.*) is a Missouri public body, and FOIA covers only federal agencies: "
     r"use \"mo-sunshine\"",
     "{agency} es un organismo público de Missouri, y la FOIA solo se aplica a agencias "
     "federales: use \"mo-sunshine\""),
    (r"must be a list of record ids", "debe ser una lista de identificadores de documentos"),
    (r"unknown record (?P<record>.*) for (?P<agency>\S+) "
     r"\(see `python -m records presets (?P=agency)`\)",
     "{agency} no tiene el documento {record} "
     "(vea `python -m records presets {agency}`)"),
    (r"is required when you describe an incident \(YYYY-MM-DD\)",
     "falta la fecha del hecho; es necesaria si describe un hecho (AAAA-MM-DD)"),
    (r"is after the letter's date; check the year",
     "es posterior a la fecha de la carta; revise el año"),
    (r"is required: who is asking, and how to reach them",
     "faltan sus datos: quién pide los documentos y cómo comunicarse con usted"),
    (r"is required for fees: (?P<options>.*)",
     "falta este dato, que define los costos: {options}"),
    (r"is required", "falta este dato"),
    (r"is required: where the agency should write",
     "falta este dato: la dirección donde la agencia debe escribirle"),
    (r"applies only to Missouri Sunshine requests \(RSMo 610\.100\.4\); for FOIA use "
     r"subject with consent instead",
     "solo se aplica a solicitudes bajo la Ley Sunshine de Missouri (RSMo 610.100.4); para "
     "la FOIA, indique a la persona y su consentimiento"),
    (r"a request under RSMo 610\.100\.4 must identify the incident: give at least its date",
     "una solicitud bajo RSMo 610.100.4 debe identificar el hecho: dé por lo menos su fecha"),
    (r"name the person involved whom you represent as attorney",
     "escriba el nombre de la persona involucrada a quien usted representa como abogado "
     "o abogada"),
    (r"name the person involved whom you represent as insurer",
     "escriba el nombre de la persona involucrada a quien usted representa como aseguradora"),
    (r"Sunshine requests take no subject; for a person involved in the incident, set "
     r"capacity instead",
     "las solicitudes bajo la Ley Sunshine no llevan datos de otra persona; si usted "
     "participó en el hecho, indíquelo en la pregunta sobre su participación"),
    (r"is required for a Privacy Act request: the person whose records these are",
     "falta este dato, necesario para una solicitud bajo la Ley de Privacidad: la persona "
     "a quien se refieren los documentos"),
    (r"is required: (?P<options>.*)", "falta este dato: {options}"),
    (r"(?P<relationship>.*) makes this a third-party request: use law \"foia\" instead",
     "con {relationship} se trata de documentos de otra persona: use la ley \"foia\""),
    (r"a request for your own \(or your ward's\) records uses law \"privacy-act\"; that "
     r"letter asks under both the Privacy Act and FOIA, so it works for non-citizens too",
     "para pedir sus propios documentos (o los de una persona bajo su tutela) se usa la ley "
     "\"privacy-act\"; esa carta pide bajo la Ley de Privacidad y la FOIA a la vez, así que "
     "sirve también para personas que no son ciudadanas"),
    (r"a first-party request must give it to verify identity \(6 CFR 5\.21\(d\)\)",
     "falta este dato: para pedir documentos propios hay que darlo, para comprobar la "
     "identidad (6 CFR 5.21(d))"),
    (r"is in the future; check the year", "es una fecha futura; revise el año"),
    (r"since 2026-01-22 DHS generally refuses emailed requests: use \"portal\", or \"mail\" "
     r"with the no-internet-access exception",
     "desde el 22 de enero de 2026 el DHS por lo general no acepta solicitudes por correo "
     "electrónico: use \"portal\", o \"mail\" (correo postal) con la excepción para personas "
     "sin acceso a internet"),
    (r"(?P<agency>.*) takes requests by (?P<channels>.*), not (?P<delivery>\S+)",
     "{agency} recibe solicitudes por {channels}, no por {delivery}"),
)
RULES: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern, re.DOTALL), spanish) for pattern, spanish in _TABLE)


def spanish(message: str) -> str | None:
    """The Spanish for one validator message, or None when the table does not know it."""
    for pattern, template in RULES:
        match = pattern.fullmatch(message)
        if match:
            groups = {name: TRANSFORMS.get(name, str)(value)
                      for name, value in match.groupdict().items()}
            return template.format(**groups)
    return None


def _language() -> str:
    locale = get_locale()
    return str(locale.language) if locale is not None else "en"


def translate_error(message: str) -> str:
    """A validator message in the interface language (unknown messages stay English)."""
    if _language() != "es":
        return message
    return spanish(message) or message


def translate_errors(errors: Iterable[FieldError]) -> list[FieldError]:
    """Copies of `errors` with their messages in the interface language."""
    return [FieldError(e.field, translate_error(e.message)) for e in errors]
