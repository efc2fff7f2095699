-- wrk script: POST a ~1 KiB ConfigMap with generateName, so every request creates a new object.
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"generateName":"bench-","namespace":"default","labels":{"app":"bench"}},"data":{"payload":"' .. string.rep("x", 900) .. '"}}'
