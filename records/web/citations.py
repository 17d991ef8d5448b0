"""A one-sentence Spanish explanation of each citation a Spanish-speaking user meets where
they must act: the guidance notes (review and done pages), the Spanish client summary and
the reading copy of the consent or certification page.

Citations stay exactly as the English letter and notes give them (they are marked
lang="en"); the explanation sits next to them. Only Spanish pages show it: the English
notes do not change. tests/test_spanish_pages.py checks that every citation of the
guidance notes and the agencies' notes has one.
"""

from __future__ import annotations

from flask_babel import get_locale

CITES_ES: dict[str, str] = {
    # --- federal statutes and rules
    "28 U.S.C. 1746": "Ley federal que permite firmar una declaración \"bajo pena de perjurio\" "
                      "sin notario; firmar algo falso es un delito.",
    "28 U.S.C. § 1746": "Ley federal que permite firmar una declaración \"bajo pena de "
                        "perjurio\" sin notario; firmar algo falso es un delito.",
    "5 U.S.C. § 552a(h)": "Parte de la Ley de Privacidad que permite al padre o a la madre de "
                          "un menor de 18 años, o al tutor nombrado por un tribunal, pedir los "
                          "documentos en nombre de esa persona.",
    "5 U.S.C. § 552a(i)(3)": "Parte de la Ley de Privacidad que castiga con multa a quien pide "
                             "u obtiene documentos de otra persona con mentiras.",
    "5 U.S.C. § 552": "Ley que da a cualquier persona el derecho de pedir documentos a las "
                      "agencias federales.",
    "5 U.S.C. § 552a": "Ley que da a cada persona el derecho de pedir los documentos federales "
                       "sobre sí misma.",
    "5 U.S.C. § 552(a)(6)(A)(i)": "Parte de la FOIA que da a la agencia 20 días hábiles para "
                                  "decidir sobre la solicitud.",
    "5 U.S.C. 552(a)(6)(A)(i), (A)(ii), (B)(i)": "Partes de la FOIA que dan a la agencia 20 "
                                                 "días hábiles para decidir, y 10 días hábiles "
                                                 "más si avisa por escrito de circunstancias "
                                                 "inusuales.",
    "RSMo 610.023.4": "Parte de la Ley Sunshine que obliga a dar por escrito las razones de una "
                      "negativa, dentro de 3 días hábiles si usted las pide.",
    "RSMo 610.023.3": "Parte de la Ley Sunshine de Missouri: el plazo de 3 días hábiles empieza "
                      "cuando el encargado de los documentos recibe la carta.",
    "28 CFR 16.3(a)(4)": "Regla del Departamento de Justicia que pide prueba de la muerte para "
                         "pedir documentos de una persona fallecida.",
    "5 U.S.C. 552(a)(6)(E)(ii)(I)": "Parte de la FOIA que obliga a la agencia a decidir en 10 "
                                    "días si atiende la solicitud con urgencia.",
    "5 U.S.C. 552(b)(6), (b)(7)(C)": "Excepciones de la FOIA que permiten ocultar datos "
                                     "personales de otras personas para proteger su "
                                     "privacidad.",
    "5 U.S.C. 552(h)": "Parte de la FOIA que creó la OGIS, la oficina federal que ayuda a "
                       "resolver desacuerdos con las agencias sin ir a juicio.",
    "5 U.S.C. 552a(a)(2)": "Parte de la Ley de Privacidad que dice a quién protege: ciudadanos "
                           "y residentes permanentes legales de los Estados Unidos.",
    "6 CFR 5.11(k)(2)(iii)": "Regla del DHS (Departamento de Seguridad Nacional) que pide "
                             "explicar cómo compartirá la información con el público para no "
                             "cobrarle.",
    "6 CFR 5.3(a)(2), 5.21(a)(6)": "Reglas del DHS que exigen enviar las solicitudes por su "
                                   "portal en internet, salvo a quien no tiene acceso a "
                                   "internet.",
    "6 CFR 5.3(a)(2)": "Regla del DHS que exige enviar las solicitudes por su portal en "
                       "internet, salvo a quien no tiene acceso a internet.",
    "6 CFR 5.21(f)": "Regla del DHS que pide prueba de que usted puede actuar por otra persona "
                     "(padre, madre o tutor).",
    "6 CFR 5.5(e)(1)": "Regla del DHS que dice cuándo una solicitud se puede atender con "
                       "urgencia.",
    "6 CFR 5.8": "Regla del DHS sobre cómo apelar: a quién y en qué plazo.",
    "8 CFR 236.6; RSMo 610.021(14)": "Una regla federal y una parte de la Ley Sunshine que "
                                     "impiden que la cárcel del condado entregue información "
                                     "sobre las personas detenidas por ICE.",
    # --- Missouri statutes
    "RSMo 610.023.1": "Parte de la Ley Sunshine de Missouri que dice quién es el encargado de "
                      "los documentos de cada organismo.",
    "RSMo 610.026 (HB 145)": "Parte de la Ley Sunshine, cambiada por la ley HB 145 de 2025: "
                             "dice cuándo una solicitud sin pago o sin respuesta se da por "
                             "retirada.",
    "RSMo 610.026.1(1)": "Parte de la Ley Sunshine que deja a la agencia decidir si cobra o no "
                         "las copias.",
    "RSMo 610.026.1(2)": "Parte de la Ley Sunshine que limita lo que se puede cobrar por "
                         "copias que no son de papel, como los videos.",
    "RSMo 610.100.4": "Parte de la Ley Sunshine que da a las personas involucradas en un hecho "
                      "el derecho a pedir el informe policial completo.",
    "6 CFR 5.3(a)(2) (2026)": "Regla del DHS, cambiada en 2026, que exige enviar las "
                              "solicitudes por su portal en internet, salvo a quien no tiene "
                              "acceso a internet.",
    "6 CFR 5.3(a)(2), 5.21(a)(6) (2026)": "Reglas del DHS, cambiadas en 2026, que exigen "
                                          "enviar las solicitudes por su portal en internet, "
                                          "salvo a quien no tiene acceso a internet.",
    "6 CFR 5.3(a)(2), FR Doc. 2025-23783": "Regla del DHS sobre el portal en internet, y el "
                                           "aviso del Registro Federal que la cambió.",
    "6 CFR 5.3(a)(2); 28 CFR Part 16": "La regla del portal del DHS, y las reglas de FOIA del "
                                       "Departamento de Justicia, que son las que usa EOIR.",
    "5 U.S.C. 552(h)(3)": "Parte de la FOIA que permite a la OGIS ofrecer mediación entre "
                          "usted y la agencia.",
    "RSMo ch. 84": "Capítulo de las leyes de Missouri sobre la Junta de Policía de Kansas "
                   "City.",
    "RSMo ch. 84; RSMo 610.010(4)": "Leyes de Missouri sobre la Junta de Policía de Kansas "
                                    "City y sobre qué es un organismo público.",
    "RSMo 610.023.3; KCTV 2025": "Parte de la Ley Sunshine sobre el plazo de 3 días hábiles, y "
                                 "una noticia de KCTV de 2025.",
    # --- sources that are not laws
    "DHS CRCL page (dhs.gov)": "Fuente: la página de la oficina de derechos civiles del DHS.",
    "DHS FOIA page (dhs.gov/foia)": "Fuente: la página de FOIA del DHS.",
    "EOIR Policy Manual": "Fuente: el manual de normas de la corte de inmigración (EOIR).",
    "ICE FOIA page (ice.gov/foia)": "Fuente: la página de FOIA de ICE.",
    "Missouri Secretary of State, Police Clerks Records Retention Schedule":
        "Fuente: el calendario de conservación de documentos policiales de la Secretaría de "
        "Estado de Missouri.",
    "kcpd.org body-worn camera page": "Fuente: la página de KCPD sobre las cámaras corporales.",
    "KCPD Board of Police Commissioners meeting notices": "Fuente: los avisos de reuniones "
                                                          "de la Junta de Policía de KCPD.",
    "morgancountymoso.org jail page (2020)": "Fuente: la página de la cárcel del Sheriff de "
                                             "Morgan County, de 2020.",
    "USCIS FOIA pages": "Fuente: las páginas de FOIA de USCIS.",
    "USCIS FOIA guidance": "Fuente: las instrucciones de FOIA de USCIS.",
    "CBP FOIA FAQ page": "Fuente: la página de preguntas frecuentes de FOIA de CBP.",
    "EOIR FOIA page": "Fuente: la página de FOIA de EOIR (la corte de inmigración).",
    "no source checked": "No se revisó ninguna fuente.",
}


def explain(citation: str) -> str:
    """The Spanish explanation of `citation`, or "" when there is none."""
    return CITES_ES.get(citation.strip(), "")


def cite_es(citation: str) -> str:
    """The `cite_es` template filter: the explanation on a Spanish page, "" on any other."""
    locale = get_locale()
    if locale is None or str(locale.language) != "es":
        return ""
    return explain(citation)
