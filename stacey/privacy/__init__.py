"""Privacy by default: pseudonymise speakers and redact personal data.

Organisational mail and chat are personal data (GDPR). Two steps, table in and
table out, that a researcher can show an ethics board:

- :func:`pseudonymise` replaces every speaker by a stable pseudonym (a keyed
  HMAC-SHA256 of the speaker key: same key, same pseudonym; another key,
  another pseudonym), in the ``speaker`` column and wherever that speaker's
  address, handle or name appears in any string column (text, titles, ids,
  sources, ``meta.*``: mentions, greetings, signatures, "Den ... skrev").
- :func:`redact` replaces e-mail addresses, phone numbers, Danish CPR numbers,
  IBANs and account numbers, URLs (optional), the names of speakers, and, with a
  trained spaCy pipeline, person entities, by readable tokens (``[EMAIL]``,
  ``[PERSON_3]``).

Neither step writes anything: the pseudonym mapping is returned separately and
saved only where the caller asks.
"""

from .protect import protect
from .pseudonymise import Pseudonymised, pseudonymise, speaker_forms
from .redact import KINDS, redact

__all__ = ["pseudonymise", "Pseudonymised", "redact", "KINDS", "speaker_forms", "protect"]
