-- wrk script for bench/web.py: requests cycle through the paths given after `--`, and
-- responses are counted by status class, so a 5xx is told apart from a 4xx.
local threads = {}

function setup(thread)
  table.insert(threads, thread)
end

function init(args)
  paths = args
  n = 0
  c2, c3, c4, c5 = 0, 0, 0, 0
end

function request()
  n = n + 1
  return wrk.format("GET", paths[(n - 1) % #paths + 1])
end

function response(status, headers, body)
  if status >= 500 then c5 = c5 + 1
  elseif status >= 400 then c4 = c4 + 1
  elseif status >= 300 then c3 = c3 + 1
  else c2 = c2 + 1 end
end

function done(summary, latency, requests)
  local t2, t3, t4, t5 = 0, 0, 0, 0
  for _, thread in ipairs(threads) do
    t2 = t2 + thread:get("c2")
    t3 = t3 + thread:get("c3")
    t4 = t4 + thread:get("c4")
    t5 = t5 + thread:get("c5")
  end
  io.write(string.format("STATUS 2xx=%d 3xx=%d 4xx=%d 5xx=%d\n", t2, t3, t4, t5))
  local e = summary.errors
  io.write(string.format("ERRORS connect=%d read=%d write=%d timeout=%d\n",
                         e.connect, e.read, e.write, e.timeout))
end
