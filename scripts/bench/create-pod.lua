-- wrk script: POST a small Pod with generateName (for the list benchmark's 10,000 pods).
wrk.method = "POST"
wrk.headers["Content-Type"] = "application/json"
wrk.body = '{"apiVersion":"v1","kind":"Pod","metadata":{"generateName":"p-","namespace":"default","labels":{"app":"bench"}},"spec":{"containers":[{"name":"app","image":"bench:1","command":["sleep","3600"],"resources":{"requests":{"cpu":"10m","memory":"16Mi"}}}]}}'
