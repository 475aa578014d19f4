"""The S3-compatible server of the object-store tests (tests/testsuite/support/s3.rs): moto's
S3 backend on 127.0.0.1 at PORT (0: a free one), printing `PORT <n>` once it listens.

It serves one request at a time (`threaded=False`): moto checks a conditional PutObject's
`If-Match`/`If-None-Match` and stores the object in two steps, which requests served on
several threads could interleave (a lost update the tests would blame on `plugin`). One
thread makes each conditional write atomic, as S3's are.

    python s3_server.py PORT
"""

import sys

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import (
    DomainDispatcherApplication,
    MotoRequestHandler,
    create_backend_app,
)


def main() -> None:
    port = int(sys.argv[1]) if len(sys.argv) > 1 else 0
    app = DomainDispatcherApplication(create_backend_app)
    server = make_server(
        "127.0.0.1", port, app, threaded=False, request_handler=MotoRequestHandler
    )
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
