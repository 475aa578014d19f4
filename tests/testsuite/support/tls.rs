//! TLS for the test server: a throw-away CA and a leaf certificate for `127.0.0.1` and
//! `localhost` generated with rcgen, and [`serve_tls`], which serves the same handler as
//! [`TestServer::serve`] over rustls (`ServerConnection` + `StreamOwned` on the std
//! `TcpStream` threads). It binds `127.0.0.1:0` only.

use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{
    BasicConstraints, CertificateParams, DnType, ExtendedKeyUsagePurpose, IsCa, Issuer, KeyPair,
    KeyUsagePurpose,
};
use rustls::pki_types::{CertificateDer, PrivateKeyDer, PrivatePkcs8KeyDer};
use rustls::{ServerConfig, ServerConnection, StreamOwned};

use super::server::{Conn, TestServer, Wrap};

/// A CA and a leaf certificate (for `127.0.0.1` and `localhost`) signed by it.
pub struct TestCerts {
    ca_pem: String,
    ca_der: CertificateDer<'static>,
    leaf_der: CertificateDer<'static>,
    leaf_key_der: Vec<u8>,
    leaf_pem: String,
    leaf_key_pem: String,
}

impl TestCerts {
    /// Generates a fresh CA and leaf (ECDSA P-256, valid from 1975 to 4096).
    pub fn generate() -> TestCerts {
        let mut ca_params = CertificateParams::new(Vec::<String>::new()).expect("CA params");
        ca_params.is_ca = IsCa::Ca(BasicConstraints::Unconstrained);
        ca_params
            .distinguished_name
            .push(DnType::CommonName, "plugin test CA");
        ca_params
            .distinguished_name
            .push(DnType::OrganizationName, "plugin integration tests");
        ca_params.key_usages = vec![
            KeyUsagePurpose::KeyCertSign,
            KeyUsagePurpose::CrlSign,
            KeyUsagePurpose::DigitalSignature,
        ];
        let ca_key = KeyPair::generate().expect("CA key");
        let ca_cert = ca_params.self_signed(&ca_key).expect("self-sign CA");
        let issuer = Issuer::new(ca_params, ca_key);

        let mut leaf_params =
            CertificateParams::new(vec!["127.0.0.1".to_string(), "localhost".to_string()])
                .expect("leaf params");
        leaf_params
            .distinguished_name
            .push(DnType::CommonName, "127.0.0.1");
        leaf_params.use_authority_key_identifier_extension = true;
        leaf_params.key_usages = vec![
            KeyUsagePurpose::DigitalSignature,
            KeyUsagePurpose::KeyEncipherment,
        ];
        leaf_params.extended_key_usages = vec![ExtendedKeyUsagePurpose::ServerAuth];
        let leaf_key = KeyPair::generate().expect("leaf key");
        let leaf_cert = leaf_params
            .signed_by(&leaf_key, &issuer)
            .expect("sign leaf");

        TestCerts {
            ca_pem: ca_cert.pem(),
            ca_der: ca_cert.der().clone(),
            leaf_der: leaf_cert.der().clone(),
            leaf_key_der: leaf_key.serialize_der(),
            leaf_pem: leaf_cert.pem(),
            leaf_key_pem: leaf_key.serialize_pem(),
        }
    }

    /// The CA certificate in PEM.
    pub fn ca_pem(&self) -> &str {
        &self.ca_pem
    }

    /// Writes the CA certificate (PEM) to `dir/ca.pem` and returns that path.
    pub fn write_ca_pem(&self, dir: &Path) -> PathBuf {
        std::fs::create_dir_all(dir).expect("mkdir for ca.pem");
        let path = dir.join("ca.pem");
        std::fs::write(&path, &self.ca_pem)
            .unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        path
    }

    /// Writes the leaf certificate and its key (PEM) to `dir/leaf.pem` and `dir/leaf-key.pem`,
    /// for servers of other languages; returns both paths.
    pub fn write_leaf_pem(&self, dir: &Path) -> (PathBuf, PathBuf) {
        std::fs::create_dir_all(dir).expect("mkdir for leaf.pem");
        let (cert, key) = (dir.join("leaf.pem"), dir.join("leaf-key.pem"));
        std::fs::write(&cert, &self.leaf_pem).expect("write leaf.pem");
        std::fs::write(&key, &self.leaf_key_pem).expect("write leaf-key.pem");
        (cert, key)
    }

    /// A rustls server configuration presenting the leaf (and the CA) with the ring provider.
    pub fn server_config(&self) -> Arc<ServerConfig> {
        let key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(self.leaf_key_der.clone()));
        let config =
            ServerConfig::builder_with_provider(Arc::new(rustls::crypto::ring::default_provider()))
                .with_safe_default_protocol_versions()
                .expect("TLS versions")
                .with_no_client_auth()
                .with_single_cert(vec![self.leaf_der.clone(), self.ca_der.clone()], key)
                .expect("server certificate");
        Arc::new(config)
    }
}

impl Conn for StreamOwned<ServerConnection, TcpStream> {
    fn tcp(&self) -> &TcpStream {
        self.get_ref()
    }

    fn finish(&mut self) {
        self.conn.send_close_notify();
        let _ = std::io::Write::flush(self);
        let _ = self.sock.shutdown(std::net::Shutdown::Write);
    }
}

/// Serves the files below `root` over HTTPS on a fresh `127.0.0.1` port with `certs`' leaf.
/// A client that does not trust the CA fails the handshake; nothing is recorded for it.
pub fn serve_tls(root: &Path, certs: &TestCerts) -> TestServer {
    let config = certs.server_config();
    let wrap: Wrap = Arc::new(move |stream: TcpStream| {
        let conn = ServerConnection::new(Arc::clone(&config)).ok()?;
        Some(Box::new(StreamOwned::new(conn, stream)) as Box<dyn Conn>)
    });
    TestServer::start(root, "https", wrap)
}

#[test]
fn tls_server_answers_a_client_that_trusts_the_ca() {
    use std::io::{Read, Write};
    use std::time::Duration;

    let dir = tempfile::tempdir().expect("tempdir");
    std::fs::write(dir.path().join("hello"), b"hi there").expect("write");
    let certs = TestCerts::generate();
    let pem = certs.write_ca_pem(dir.path());
    assert!(std::fs::read_to_string(pem)
        .expect("read ca.pem")
        .starts_with("-----BEGIN CERTIFICATE-----"));
    let server = serve_tls(dir.path(), &certs);
    assert!(server.url().starts_with("https://127.0.0.1:"));
    server.require_bearer("tok");

    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut roots = rustls::RootCertStore::empty();
    roots.add(certs.ca_der.clone()).expect("add CA");
    let client_config = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .expect("versions")
        .with_root_certificates(roots)
        .with_no_client_auth();
    let get = |host: &str, auth: &str| -> String {
        let name = rustls::pki_types::ServerName::try_from(host.to_string()).expect("name");
        let conn =
            rustls::ClientConnection::new(Arc::new(client_config.clone()), name).expect("client");
        let sock = TcpStream::connect(server.addr()).expect("connect");
        sock.set_read_timeout(Some(Duration::from_secs(10)))
            .expect("timeout");
        let mut tls = StreamOwned::new(conn, sock);
        write!(tls, "GET /hello HTTP/1.1\r\nHost: {host}\r\n{auth}\r\n").expect("write");
        let mut out = Vec::new();
        let _ = tls.read_to_end(&mut out);
        String::from_utf8_lossy(&out).into_owned()
    };
    let ok = get("127.0.0.1", "Authorization: Bearer tok\r\n");
    assert!(
        ok.starts_with("HTTP/1.1 200") && ok.ends_with("hi there"),
        "{ok}"
    );
    let ok = get("localhost", "Authorization: Bearer tok\r\n");
    assert!(ok.starts_with("HTTP/1.1 200"), "{ok}");
    let denied = get("localhost", "");
    assert!(denied.starts_with("HTTP/1.1 401"), "{denied}");
    assert_eq!(server.count_path("hello"), 3);
    assert_eq!(server.requests_with_authorization().len(), 2);
}
