-- wrk script of benchmarks/load.py: each request picks a URL (and its session cookie) by
-- weight from the plan file, and its latency is kept per kind of traffic.
--
--   wrk -t N -c N -d 60s -s benchmarks/load.lua http://127.0.0.1:PORT -- plan.tsv
--
-- The plan file has one line per URL: kind, weight, path, cookie ("-" for none), tab-separated.
-- Run with as many threads as connections: with one connection per thread, request() and
-- response() alternate, so the response belongs to the request this thread sent last.
-- done() prints, per kind, "kind NAME REQUESTS ERRORS" and "hist NAME TENTHS_OF_MS COUNT"
-- lines, then "socket CONNECT READ WRITE TIMEOUT" and "duration_us US".

local ffi = require("ffi")
ffi.cdef [[
typedef struct { long tv_sec; long tv_nsec; } load_timespec;
int clock_gettime(int clock_id, load_timespec *tp);
]]
local clock = ffi.new("load_timespec")
local function now_ms()
  ffi.C.clock_gettime(1, clock) -- CLOCK_MONOTONIC
  return tonumber(clock.tv_sec) * 1000 + tonumber(clock.tv_nsec) / 1e6
end

local threads = {}

function setup(thread)
  thread:set("id", #threads + 1)
  table.insert(threads, thread)
end

local plan, total = {}, 0
-- Globals, flat: done() reads them with thread:get, which cannot copy nested tables.
kinds, errors, hist = {}, {}, {} -- hist is keyed "KIND TENTHS_OF_MS"
local sent_kind, sent_at

function init(args)
  math.randomseed(id * 7919 + os.time())
  for line in io.lines(args[1]) do
    local kind, weight, path, cookie = line:match("^([^\t]+)\t([^\t]+)\t([^\t]+)\t([^\t]+)$")
    if kind then
      total = total + tonumber(weight)
      local headers = { ["X-Forwarded-Proto"] = "https" } -- as the TLS proxy says
      if cookie ~= "-" then headers["Cookie"] = cookie end
      table.insert(plan, { upto = total, kind = kind, path = path, headers = headers })
      kinds[kind], errors[kind] = 0, 0
    end
  end
end

function request()
  local pick = math.random() * total
  local entry = plan[#plan]
  for _, candidate in ipairs(plan) do
    if pick < candidate.upto then
      entry = candidate
      break
    end
  end
  sent_kind, sent_at = entry.kind, now_ms()
  return wrk.format("GET", entry.path, entry.headers)
end

function response(status, headers, body)
  local kind = sent_kind
  if kind == nil then return end
  local tenths = math.floor((now_ms() - sent_at) * 10)
  kinds[kind] = kinds[kind] + 1
  if status < 200 or status >= 400 then errors[kind] = errors[kind] + 1 end
  local key = kind .. " " .. tenths
  hist[key] = (hist[key] or 0) + 1
  sent_kind = nil
end

function done(summary, latency, requests)
  local all_kinds, all_errors, all_hist = {}, {}, {}
  for _, thread in ipairs(threads) do
    local k, e, h = thread:get("kinds"), thread:get("errors"), thread:get("hist")
    for name, count in pairs(k) do
      all_kinds[name] = (all_kinds[name] or 0) + count
      all_errors[name] = (all_errors[name] or 0) + e[name]
    end
    for key, n in pairs(h) do
      all_hist[key] = (all_hist[key] or 0) + n
    end
  end
  for name, count in pairs(all_kinds) do
    io.write(string.format("kind %s %d %d\n", name, count, all_errors[name]))
  end
  for key, n in pairs(all_hist) do
    io.write(string.format("hist %s %d\n", key, n))
  end
  local s = summary.errors
  io.write(string.format("socket %d %d %d %d\n", s.connect, s.read, s.write, s.timeout))
  io.write(string.format("duration_us %d\n", summary.duration))
end
