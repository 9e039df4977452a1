"""`json` serialization that keeps times exact, for backups.

Django's JSON serializer writes datetimes and times with milliseconds only (DjangoJSONEncoder), so a
dumpdata/loaddata round trip silently changes every timestamp (found by the round-trip test). This
format is the same JSON with full microseconds; registered as "exactjson" in SERIALIZATION_MODULES.
"""

from __future__ import annotations

import datetime

from django.core.serializers.json import Deserializer as JSONDeserializer
from django.core.serializers.json import DjangoJSONEncoder
from django.core.serializers.json import Serializer as JSONSerializer


class ExactEncoder(DjangoJSONEncoder):
    def default(self, o):
        if isinstance(o, datetime.datetime | datetime.time):
            value = o.isoformat()
            return value[:-6] + "Z" if value.endswith("+00:00") else value
        return super().default(o)


class Serializer(JSONSerializer):
    def _init_options(self):
        super()._init_options()
        self.json_kwargs["cls"] = ExactEncoder


Deserializer = JSONDeserializer
