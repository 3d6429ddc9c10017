-- wrk script for bench/serve: every request is POST /predict with one record, read from the
-- file named after wrk's `--` (bench/ServeDigitsModel.java writes digits_record.json).
--   wrk -t2 -c32 -d15s --latency -s bench/serve_predict.lua http://127.0.0.1:8080/predict -- digits_record.json
-- Responses other than 2xx/3xx are counted and reported at the end (non_2xx_responses), so a
-- fast stream of errors cannot pass for throughput.

local body

function init(args)
  local file = assert(io.open(args[1] or "digits_record.json", "rb"), "cannot open the record file " .. tostring(args[1]))
  body = file:read("*a")
  file:close()
  wrk.method = "POST"
  wrk.body = body
  wrk.headers["Content-Type"] = "application/json"
end

function done(summary, latency, requests)
  -- summary.errors.status: responses of all threads with a status of 400 or more.
  io.write(string.format("non_2xx_responses %d\n", summary.errors.status))
end
