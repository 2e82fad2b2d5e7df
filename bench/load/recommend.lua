-- wrk script: GET /users/{id}/recommendations for a random user from users.txt (one id per line).
local users = {}
for line in io.lines(os.getenv("STRATA_BENCH_USERS") or "users.txt") do
  if #line > 0 then users[#users + 1] = line end
end
math.randomseed(tonumber(os.getenv("STRATA_BENCH_SEED") or "42"))

-- A user's recommendations are personal data: the server wants its API key for them.
local headers = { ["X-Api-Key"] = os.getenv("STRATA_API_KEY") }

request = function()
  local user = users[math.random(#users)]
  return wrk.format("GET", "/users/" .. user .. "/recommendations?n=10&diversity=0.3", headers)
end

-- wrk counts only socket errors and timeouts as errors; count non-2xx here so a 4xx/5xx storm cannot pass as success.
local non2xx = 0
response = function(status, headers, body)
  if status < 200 or status > 299 then non2xx = non2xx + 1 end
end

done = function(summary, latency, requests)
  io.write(string.format("RESULT requests=%d duration_s=%.2f rps=%.1f p50_ms=%.2f p90_ms=%.2f p99_ms=%.2f max_ms=%.2f socket_errors=%d non2xx_in_thread_state=see_status\n",
    summary.requests, summary.duration / 1e6, summary.requests / (summary.duration / 1e6),
    latency:percentile(50) / 1000, latency:percentile(90) / 1000, latency:percentile(99) / 1000, latency.max / 1000,
    summary.errors.connect + summary.errors.read + summary.errors.write + summary.errors.timeout))
  io.write(string.format("RESULT status_errors=%d\n", summary.errors.status))
end
