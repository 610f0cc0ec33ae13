-- wrk: POST a new organisation (confirm_distinct=true, so names may repeat).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"kind":"other","name":"Bench","country":"SN"}'
