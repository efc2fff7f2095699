-- wrk script: POST small Pods with generateName until each thread has created `per_thread`
-- (the list benchmark runs it with -t2, for 10,000 pods in all).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"p-","namespace":"default","labels":{"app":"bench"}},"spec":{"containers":[{"name":"app","image":"bench:1","command":["sleep","3600"],"resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}'
local per_thread = 5000
local created = 0
function response(status, headers, body)
  if status == 201 then created = created + 1 end
  if created >= per_thread then wrk.thread:stop() end
end
