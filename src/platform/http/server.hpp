#pragma once

#include <chrono>
#include <cstdint>
#include <memory>
#include <string>

#include "platform/http/dispatcher.hpp"

namespace anxin::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  /// 0 picks a free port.
  std::uint16_t port = 8080;
  /// Threads doing network I/O (accept, parse, write).
  std::size_t io_threads = 2;
  /// Threads running handlers; handlers may block on the database, so there are many.
  std::size_t worker_threads = 64;
  /// Requests waiting for a worker beyond this get 503.
  std::size_t max_queued = 4096;
  /// Hard ceiling of any request body on the wire; larger ones are cut off by the connection.
  std::size_t max_wire_body_bytes = 32 * 1024 * 1024;
  /// Time allowed to receive a whole request (slow clients are disconnected) and between requests
  /// on a kept-alive connection.
  std::chrono::milliseconds read_timeout{120000};
  std::chrono::milliseconds write_timeout{30000};
  std::chrono::milliseconds handle_timeout{60000};
  /// PEM files; both set means HTTPS.
  std::string tls_cert;
  std::string tls_key;
};

/// The HTTP server: RESTinio on Asio in front of a Dispatcher. Requests are parsed on the I/O
/// threads and handled on a worker pool, so a handler waiting for a group commit does not hold up
/// the network.
class Server {
 public:
  Server(Dispatcher& dispatcher, ServerOptions options);
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  /// Binds and starts serving; returns the bound address "host:port".
  std::string start();
  /// Stops accepting, finishes queued work and joins all threads. Idempotent.
  void stop();

 private:
  class Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace anxin::http
