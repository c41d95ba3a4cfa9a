-- wrk script: each connection waits between requests, so the run offers about PACE_RATE requests/s.
local rate = tonumber(os.getenv("PACE_RATE"))
local connections = tonumber(os.getenv("PACE_CONNECTIONS"))

function delay()
  return math.floor(1000 * connections / rate)
end
