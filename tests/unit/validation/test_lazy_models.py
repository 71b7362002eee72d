"""The validation models (and numpy) load on first use, not when a worker starts:
workers that only serve readers never pay the ~10 MB for them, nor the ~80 MB of the
loaded-language encoder, which loads when the check first asks it about a sentence.
The same start-up without Redis configured loads no redis-py either (the meter's
Redis store and the rate limit's Redis errors wait for a django-redis cache)."""

import subprocess
import sys

PROBE = """
import sys, django
django.setup()
import herald.urls  # every app's URLs, hooks, panels and template tags
print("redis" in sys.modules)  # no REDIS_URL here: no django-redis cache
from herald.validation import Story, validate_story
from herald.validation.sourcing import sources
story = Story(headline="Council approves budget", body="ROME — The council approved it, officials said.")
sources(story)
print("numpy" in sys.modules)
from herald.validation import stance
stance.predict_stance("Council approves budget", story.body)
print("numpy" in sys.modules)
print("onnxruntime" in sys.modules)  # the encoder waits for a sentence the check doubts
validate_story(Story(headline="Port inquiry", body="ROME — The corrupt elite looted the port."))
print("onnxruntime" in sys.modules)
"""


def test_numpy_loads_only_when_a_model_is_asked():
    env = {"DJANGO_SETTINGS_MODULE": "herald.settings", "SECRET_KEY": "x", "PATH": "/usr/bin:/bin"}
    result = subprocess.run(
        [sys.executable, "-c", PROBE], capture_output=True, text=True, env=env, timeout=120
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.split() == ["False", "False", "True", "False", "True"]
