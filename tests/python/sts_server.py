"""The STS endpoint of the object-store tests (tests/testsuite/support/s3.rs): moto's STS
backend alone, over HTTPS on 127.0.0.1 at a free port with the certificate CERT and key KEY
(PEM), printing `PORT <n>` once it listens. It answers AssumeRoleWithWebIdentity, the
exchange of a CI OIDC token for temporary credentials; the object store's client sends it
only over https. moto's dispatcher finds the service of an unsigned request from its body,
and this one carries its parameters in the query string, hence the STS backend alone.

    python sts_server.py CERT KEY
"""

import sys

from werkzeug.serving import make_server

from moto.moto_server.werkzeug_app import MotoRequestHandler, create_backend_app


def main() -> None:
    cert, key = sys.argv[1], sys.argv[2]
    app = create_backend_app("sts")
    server = make_server(
        "127.0.0.1",
        0,
        app,
        threaded=False,
        request_handler=MotoRequestHandler,
        ssl_context=(cert, key),
    )
    print(f"PORT {server.server_address[1]}", flush=True)
    server.serve_forever()


if __name__ == "__main__":
    main()
