"""The office-edited pages: default texts and the small plain-text format they are written in."""

from __future__ import annotations

import re

from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString

from operations.sanitize import sanitize

DEFAULT_PAGES: dict[str, tuple[str, str]] = {
    "leichte-sprache": (
        "Leichte Sprache",
        """Hier erklären wir den Ruhr-Monitor in Leichter Sprache.

## Was ist die Ruhr-Konferenz?

Das **Ruhr-Gebiet** ist eine große Region in Nordrhein-Westfalen.
Im Ruhr-Gebiet gibt es 53 Städte und Gemeinden.
Zum Beispiel: Essen, Dortmund und Bochum.

Die **Landes-Regierung** will dem Ruhr-Gebiet helfen.
Die Landes-Regierung ist die Regierung von Nordrhein-Westfalen.
Dafür gibt es die **Ruhr-Konferenz**.
Die Ruhr-Konferenz hat im Jahr 2018 angefangen.

Bei der Ruhr-Konferenz gibt es viele Projekte.
Ein **Projekt** ist eine Aufgabe mit einem Ziel.
Zum Beispiel:
- Busse und Bahnen sollen besser werden.
- Es soll mehr gute Arbeit geben.
- Kinder sollen gut lernen können.

Die Ministerien kümmern sich um die Projekte.
Ein **Ministerium** ist ein Teil von der Landes-Regierung.
Jedes Ministerium hat eigene Aufgaben.
Ein anderes Wort für Ministerium ist: **Ressort**.

## Was finden Sie im Ruhr-Monitor?

Der Ruhr-Monitor ist diese Internet-Seite.
Hier finden Sie alle Projekte von der Ruhr-Konferenz.

Bei jedem Projekt steht:
- Was ist das Ziel?
- Wie weit ist das Projekt?
- Wie viel Geld hat das Projekt?
- In welchen Städten passiert etwas?

Bei jeder Zahl steht auch: Woher kommt die Zahl?
Die Zahlen kommen aus Berichten von der Landes-Regierung.
Die Landes-Regierung schreibt regelmäßig einen Bericht über die Projekte.
Der Bericht heißt: **Fortschritts-Bericht**.
Darin steht: So weit sind die Projekte.

## So finden Sie sich zurecht

Oben auf jeder Seite ist ein Menü.
Im Menü sind diese Punkte:
- **Start**: Hier fängt der Ruhr-Monitor an.
- **Projekte**: Hier finden Sie alle Projekte.
- **Kommunen**: Hier finden Sie Ihre Stadt oder Ihre Gemeinde. Dann sehen Sie die Projekte in Ihrer Stadt.
- **Handlungs-Felder**: Ein Handlungs-Feld ist ein großes Thema. Zum Beispiel: Bildung. Es gibt 5 Handlungs-Felder.
- **Ressorts**: Hier finden Sie die Ministerien.
- **Berichte**: Hier finden Sie die Fortschritts-Berichte.

Oben auf jeder Seite ist auch ein Such-Feld.
Dort können Sie ein Wort schreiben.
Zum Beispiel: den Namen von Ihrer Stadt.
Dann klicken Sie auf: Suchen.

Sie können alles auch mit der Tastatur bedienen.
Mit der Tab-Taste kommen Sie zum nächsten Link.
Mit der Enter-Taste öffnen Sie den Link.

## So erreichen Sie uns

Haben Sie eine Frage?
Oder verstehen Sie etwas nicht?
Dann schreiben Sie uns.

Wir sind die **Leit-Stelle Ruhr-Konferenz**.
Die Leit-Stelle kümmert sich um die Ruhr-Konferenz.
Unsere Adresse steht im **Impressum**.
Das Impressum ist eine Seite mit Angaben über uns.
Den Link zum Impressum finden Sie ganz unten auf jeder Seite.""",
    ),
    "impressum": (
        "Impressum",
        """## Herausgeber

Land Nordrhein-Westfalen, vertreten durch die Landesregierung; für die Ruhr-Konferenz verantwortlich: Leitstelle Ruhr-Konferenz.

Anschrift, Telefon und E-Mail-Adresse der Leitstelle trägt die Leitstelle hier ein (Verwaltung: Inhaltsseiten).

## Verantwortlich für den Inhalt

Die Leitstelle Ruhr-Konferenz. Die Angaben zu den Projekten stammen aus den veröffentlichten Fortschrittsberichten der Landesregierung und aus Antworten auf Kleine Anfragen; jede Zahl nennt ihre Quelle.

## Haftung für Links

Für die Inhalte verlinkter Seiten anderer Anbieter sind deren Betreiber verantwortlich.

## Lizenzen

- Gemeindegrenzen: © GeoBasis-DE / BKG 2017 (Daten verändert)
- Einwohner und Fläche: © Statistisches Bundesamt (Destatis) 2021, Datenlizenz Deutschland – Namensnennung – Version 2.0 (Daten verändert)
- Gestaltung: KERN UX Design System, EUPL-1.2""",
    ),
    "datenschutz": (
        "Datenschutzerklärung",
        """## Welche Daten wir verarbeiten

Beim Aufruf dieser Seiten verarbeitet der Webserver technisch notwendige Daten (IP-Adresse, Datum und Uhrzeit, aufgerufene Adresse, Browsertyp), um die Seiten auszuliefern und die Sicherheit des Angebots zu gewährleisten (Art. 6 Abs. 1 lit. e DSGVO). Diese Protokolle werden nach spätestens sieben Tagen gelöscht.

## Keine Cookies, kein Tracking

Die öffentlichen Seiten setzen keine Cookies, verwenden keine Analysewerkzeuge und laden keine Inhalte von anderen Servern (keine externen Schriften, Karten oder Skripte). Nur wer sich als Redakteurin oder Redakteur anmeldet, erhält ein für die Anmeldung notwendiges Sitzungs-Cookie.

## Ihre Rechte

Sie haben das Recht auf Auskunft, Berichtigung, Löschung und Einschränkung der Verarbeitung sowie ein Beschwerderecht bei der Landesbeauftragten für Datenschutz und Informationsfreiheit Nordrhein-Westfalen (https://www.ldi.nrw.de).

## Verantwortliche Stelle

Die Leitstelle Ruhr-Konferenz trägt hier Anschrift und die Kontaktdaten der oder des Datenschutzbeauftragten ein.""",
    ),
    "barrierefreiheit": (
        "Erklärung zur Barrierefreiheit",
        """Die Landesregierung Nordrhein-Westfalen ist bemüht, ihre Websites im Einklang mit dem Behindertengleichstellungsgesetz Nordrhein-Westfalen (BGG NRW) sowie der Barrierefreie-Informationstechnik-Verordnung Nordrhein-Westfalen (BITV NRW) barrierefrei zugänglich zu machen.

Diese Erklärung zur Barrierefreiheit gilt für den Ruhr-Monitor.

## Stand der Vereinbarkeit mit den Anforderungen

Die Seiten sind nach den Anforderungen der WCAG 2.1 auf Stufe AA gestaltet: Sie sind vollständig mit der Tastatur bedienbar, haben einen sichtbaren Fokus, eine Sprungmarke zum Inhalt, funktionieren ohne JavaScript und ab einer Bildschirmbreite von 320 Pixeln. Zu jedem Diagramm und jeder Karte gibt es eine Tabelle mit denselben Zahlen und eine Beschreibung in Textform. Jede Seitenart wird bei jeder Änderung automatisch mit axe-core geprüft.

## Nicht barrierefreie Inhalte

- Die Quelldokumente (Fortschrittsberichte, Antworten auf Kleine Anfragen) werden so angeboten, wie die Landesregierung sie veröffentlicht hat. Ihr Text ist im Portal zeilengenau lesbar; die Original-PDF-Dateien sind nicht in jedem Fall barrierefrei.

## Erstellung dieser Erklärung

Diese Erklärung beruht auf einer Selbstbewertung mit automatischen Prüfungen und Tests mit Tastatur und kleinem Bildschirm.

## Barrieren melden: Kontakt zu den Feedback-Ansprechpartnern

Wenn Ihnen Barrieren auffallen oder Sie Inhalte in einer anderen Form benötigen, schreiben Sie der Leitstelle Ruhr-Konferenz (Kontaktdaten trägt die Leitstelle hier ein).

## Schlichtungsverfahren

Wenn Sie auf Ihre Rückmeldung keine zufriedenstellende Antwort erhalten, können Sie sich an die Ombudsstelle für barrierefreie Informationstechnik des Landes Nordrhein-Westfalen wenden (https://www.mags.nrw/ombudsstelle-barrierefreie-it).""",
    ),
}

_HEADING = re.compile(r"^##\s+(.+)$")
_ITEM = re.compile(r"^[-*]\s+(.+)$")


_BOLD = re.compile(r"\*\*(.+?)\*\*")


def _inline(text: str) -> str:
    return _BOLD.sub(r"<strong>\1</strong>", urlize(escape(text), nofollow=True, autoescape=False))


def _flush(html: list[str], paragraph: list[str], items: list[str]) -> None:
    if paragraph:
        html.append("<p>" + "<br>".join(_inline(p) for p in paragraph) + "</p>")
        paragraph.clear()
    if items:
        html.append("<ul>" + "".join(f"<li>{_inline(i)}</li>" for i in items) + "</ul>")
        items.clear()


def render_body(body: str) -> SafeString:
    """Plain text → HTML: '## ' headings, '- ' lists, blank-line paragraphs, autolinked addresses. No raw HTML."""
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    for raw in body.replace("\r\n", "\n").strip().split("\n"):
        line = raw.strip()
        if not line:
            _flush(html, paragraph, items)
        elif heading := _HEADING.match(line):
            _flush(html, paragraph, items)
            html.append(format_html("<h2>{}</h2>", heading.group(1)))
        elif item := _ITEM.match(line):
            _flush(html, paragraph, [])
            items.append(item.group(1))
        else:
            _flush(html, [], items)
            paragraph.append(line)
    _flush(html, paragraph, items)
    # Every piece above is escaped (escape, format_html, urlize on escaped text); the sanitiser is the second line.
    return sanitize("\n".join(html))
