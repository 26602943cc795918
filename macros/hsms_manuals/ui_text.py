"""Every word the site's own interface shows (templates, the emergency component, the offline
worker's notice), in one place: the future message catalogue of a translated manual. Templates
read it as ``hsms.text``; the service worker's and the pages' scripts get what they need from it."""

from __future__ import annotations

from types import MappingProxyType

TEXT = MappingProxyType({
    # The emergency component (home page, every page's Emergency control, emergency_contacts()).
    "emergency": "Emergency",
    "emergency_open": "Emergency numbers, muster points and first aiders",
    "emergency_title": "In an emergency",
    "report_incident": "Report an incident:",
    "address": "Address",
    "site_phone": "Site phone",
    "muster_point": "Muster point",
    "first_aid": "First aid",
    "hospital": "Hospital",
    "close": "Close",
    # Offline reading (hsms-sw.js and the notice on every page). {date} is filled in the browser.
    "offline": "You are offline — this is the copy saved on {date}.",
    "offline_unsaved": "You are offline and this page was not saved on this phone — here is the home page, "
                       "saved on {date}.",
    # A wide table that scrolls sideways on a phone: the name of its scrolling region ({n}: 1, 2 …).
    "table_scroll": "Table {n} (scroll sideways to see all of it)",
    # Search: the dialog's accessible name.
    "search_dialog": "Search this manual",
    # Installing on a phone (the web app manifest).
    "app_description": "Health and safety manual: emergency numbers, procedures and forms, also offline.",
})

# The words the pages' script (overrides/assets/hsms.js) shows, handed to it by the template.
SCRIPT_KEYS = ("offline", "offline_unsaved", "table_scroll")
