class WorkerResponse:
    def __init__(self, results=None, errors=None):
        self.results = results
        self.errors = list(errors or [])
