"""The meter's server copy in Redis: one hash per reader, counted in one atomic step.

Each record is a hash of story id -> day read. ``claim`` runs one Lua
script that merges this period's and the previous period's hashes with the
cookie's reads, decides whether this read counts (a new story while the meter
has room), and if so rewrites this period's hash with the story added; Redis
runs a script alone, so two requests racing for a reader's last free story
cannot both get it. The script also reads the content version (a read counts
only while it is the one the caller expects) and, when the meter is used up,
the cut page; the full page is read by a GET sent with it. So a new metered
read costs one round trip in all, and moves one page, as a free page does.

The script's rule is ``policy.can_read``'s meter rule (a story read in the
window is free again; otherwise it counts while fewer than ``limit`` were
read); ``meter.claim`` decides again in Python from the reads it returns, so
the two must agree, and tests hold them to it.

Used when the meter's cache is django-redis (``meter.store()``); any other
cache keeps the get-and-set in ``meter.py``.
"""

from __future__ import annotations

import hashlib

from redis.exceptions import NoScriptError, ResponseError

CLAIM = """
local story, limit, first_day = ARGV[1], tonumber(ARGV[2]), tonumber(ARGV[3])
local reads, n = {}, 0
local function add(id, day)
  day = tonumber(day)
  if day ~= nil and day >= first_day then
    local seen = reads[id]
    if seen == nil then n = n + 1 end
    if seen == nil or day < seen then reads[id] = day end
  end
end
for i = 9, #ARGV, 2 do add(ARGV[i], ARGV[i + 1]) end
for k = 1, 2 do
  -- pcall: a key of another type (a record from before hashes) counts as empty
  local record = redis.pcall('HGETALL', KEYS[k])
  if type(record) == 'table' and record.err == nil then
    for i = 1, #record, 2 do add(record[i], record[i + 1]) end
  end
end
local outcome = 'spent'
if reads[story] ~= nil then outcome = 'read' elseif n < limit then outcome = 'room' end
local version, fresh = false, true
if KEYS[3] ~= nil then
  version = redis.call('GET', KEYS[3])
  fresh = version == ARGV[8]
end
local flat = {}
for id, day in pairs(reads) do
  flat[#flat + 1] = id
  flat[#flat + 1] = tostring(day)
end
local counted = 0
if outcome == 'room' and ARGV[5] == '1' and fresh then
  local kept = flat
  local most = tonumber(ARGV[7])
  if n + 1 > most then
    local entries = {}
    for id, day in pairs(reads) do entries[#entries + 1] = {id, day} end
    table.sort(entries, function(a, b) return a[2] > b[2] end)
    kept = {}
    for i = 1, most - 1 do
      kept[#kept + 1] = entries[i][1]
      kept[#kept + 1] = tostring(entries[i][2])
    end
  end
  redis.call('DEL', KEYS[1])
  redis.call('HSET', KEYS[1], story, ARGV[4], unpack(kept))
  redis.call('EXPIRE', KEYS[1], tonumber(ARGV[6]))
  counted = 1
end
-- The cut page (KEYS[4]) only for a reader whose meter is used up; the full page
-- comes with the script's answer, outside it, where reading it costs Redis less.
local cut = false
if outcome == 'spent' and fresh and KEYS[4] ~= nil then cut = redis.call('GET', KEYS[4]) end
-- The reads as one string, cheaper to parse than a nested reply: "outcome counted id day ..."
return {outcome .. ' ' .. counted .. ' ' .. table.concat(flat, ' '), version, cut}
"""
CLAIM_SHA = hashlib.sha1(CLAIM.encode()).hexdigest()


def claim(cache, keys, cookie, story_id, limit, today, *, count, first_day, keep_seconds,
          most, version=None, pages=None):
    """Merge, decide and (if ``count``) count ``story_id`` in one atomic step.

    ``keys``: this period's record, then the previous period's. ``version``:
    (key, expected value) of the content version; with it the read counts only
    while the version is still the expected one. ``pages`` (the full page's
    key, the cut page's; only with ``version``) come back in the same round
    trip: the full page from a GET sent with the script (most new reads get
    it), the cut page from the script when it finds the meter used up.

    Returns the reads before this one (story id -> day, cookie included),
    whether this read was counted, the content version found (None: absent)
    and ``{page key: entry}`` for the page of the outcome (the cut when the
    meter is used up, else the full story), if it was found.
    """
    client = cache.client
    redis_keys = [client.make_key(key) for key in keys]
    expected = ""
    if version is not None:
        redis_keys.append(client.make_key(version[0]))
        expected = str(version[1])
        if pages is not None:
            redis_keys.append(client.make_key(pages[1]))
    args = [story_id, limit, first_day, today, int(count), keep_seconds, most, expected]
    for entry in cookie.items():
        args += entry
    full_page = client.make_key(pages[0]) if pages is not None else None
    (summary, found_version, cut), full = _run(
        client.get_client(write=True), redis_keys, args, full_page)
    outcome, counted, *flat = summary.split()
    reads = {int(flat[i]): int(flat[i + 1]) for i in range(0, len(flat), 2)}
    found_pages = {}
    page = cut if outcome == b"spent" else full
    if page is not None and pages is not None:  # decode only the page this reader gets
        found_pages[pages[1] if outcome == b"spent" else pages[0]] = client.decode(page)
    return (
        reads,
        counted == b"1",
        None if found_version is None else client.decode(found_version),
        found_pages,
    )


def record(cache, key, entries: dict[int, int], keep_seconds: int) -> None:
    """Replace the record at ``key`` with ``entries``."""
    client = cache.client
    redis_key = client.make_key(key)
    pipe = client.get_client(write=True).pipeline(transaction=True)
    pipe.delete(redis_key)
    if entries:
        pipe.hset(redis_key, mapping=entries)
        pipe.expire(redis_key, keep_seconds)
    pipe.execute()


def forget(cache, key, story_id: int) -> None:
    """Take ``story_id`` off the record at ``key`` (its read was not served after all)."""
    client = cache.client
    client.get_client(write=True).hdel(client.make_key(key), story_id)


def _run(redis, keys, args, page_key):
    """The script's answer and the value at ``page_key`` (None: not asked), in one round trip."""
    commands = _command("EVALSHA", CLAIM_SHA, len(keys), *keys, *args)
    if page_key is not None:
        commands += _command("GET", page_key)
    replies = 1 if page_key is None else 2
    answer, *page = _send(redis, commands, replies)
    if isinstance(answer, NoScriptError):  # a restarted or flushed Redis: load it again
        redis.script_load(CLAIM)
        answer, *page = _send(redis, commands, replies)
    if isinstance(answer, Exception):
        raise answer
    return answer, (page[0] if page else None)


def _command(*parts) -> bytes:
    """One command in Redis's protocol, as redis-py's packer writes it for strings
    and numbers, in a fraction of its time."""
    strings = [part if type(part) is str else str(part) for part in parts]
    text = f"*{len(strings)}\r\n" + "".join([f"${len(s)}\r\n{s}\r\n" for s in strings])
    if text.isascii():  # lengths counted in characters are lengths in bytes
        return text.encode()
    encoded = [s.encode() for s in strings]
    return b"*%d\r\n" % len(encoded) + b"".join(b"$%d\r\n%b\r\n" % (len(e), e) for e in encoded)


def _send(redis, commands: bytes, replies: int) -> list:
    """Send ``commands`` on one pooled connection and read ``replies`` replies
    (an error reply as its exception), as a pipeline would: redis-py's Pipeline
    object costs about 30 microseconds of Python per use, a third of the whole
    trip, on the path every new metered read takes."""
    pool = redis.connection_pool
    connection = pool.get_connection()
    try:
        connection.send_packed_command([commands])
        answers = []
        for _ in range(replies):
            try:
                answers.append(connection.read_response())
            except ResponseError as error:  # an error reply: the connection is still in step
                answers.append(error)
        return answers
    except BaseException:
        connection.disconnect()  # mid-reply: never hand this connection out again
        raise
    finally:
        pool.release(connection)
