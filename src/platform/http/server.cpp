// The only translation unit that includes RESTinio and Asio.
#include "platform/http/server.hpp"

#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <thread>

#include "core/thread_name.hpp"
#include "platform/log/log.hpp"

namespace anxin::http {
namespace {

/// Fixed pool of handler threads with a bounded queue.
class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) {
      threads_.emplace_back([this] {
        name_this_thread("anxin-http");
        run();
      });
    }
  }
  ~WorkerPool() { stop(); }
  WorkerPool(const WorkerPool&) = delete;
  WorkerPool& operator=(const WorkerPool&) = delete;

  bool try_post(std::function<void()> task) {
    {
      std::lock_guard lock(mu_);
      if (stopping_ || queue_.size() >= max_queued_) return false;
      queue_.push_back(std::move(task));
    }
    cv_.notify_one();
    return true;
  }

  void stop() {
    {
      std::lock_guard lock(mu_);
      if (stopping_) return;
      stopping_ = true;
    }
    cv_.notify_all();
    for (auto& t : threads_) t.join();
    threads_.clear();
  }

 private:
  void run() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (queue_.empty()) return;
        task = std::move(queue_.front());
        queue_.pop_front();
      }
      task();
    }
  }

  std::size_t max_queued_;
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<std::function<void()>> queue_;
  bool stopping_ = false;
  std::vector<std::thread> threads_;
};

const char* reason_phrase(int status) {
  switch (status) {
    case 200: return "OK";
    case 201: return "Created";
    case 202: return "Accepted";
    case 204: return "No Content";
    case 304: return "Not Modified";
    case 400: return "Bad Request";
    case 401: return "Unauthorized";
    case 403: return "Forbidden";
    case 404: return "Not Found";
    case 409: return "Conflict";
    case 413: return "Payload Too Large";
    case 415: return "Unsupported Media Type";
    case 429: return "Too Many Requests";
    case 503: return "Service Unavailable";
    default: return status >= 500 ? "Internal Server Error" : "OK";
  }
}

restinio::http_status_line_t status_line(int status) {
  return restinio::http_status_line_t{restinio::http_status_code_t{static_cast<std::uint16_t>(status)},
                                      reason_phrase(status)};
}

template <typename Req>
void send(const Req& req, const Response& r) {
  auto rb = req->create_response(status_line(r.status));
  if (!r.content_type.empty()) rb.append_header(restinio::http_field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) rb.append_header(k, v);
  rb.set_body(r.body);
  rb.done();
}

/// The writer of one streamed (chunked) response. RESTinio's response builder is not thread-safe, so
/// every use holds the mutex; each write is flushed at once and a failed write marks the stream closed.
class ChunkedWriter final : public StreamWriter, public std::enable_shared_from_this<ChunkedWriter> {
 public:
  using Builder = restinio::response_builder_t<restinio::chunked_output_t>;
  explicit ChunkedWriter(Builder rb) : rb_(std::move(rb)) {}

  bool write(std::string data) override {
    std::lock_guard lock(mu_);
    if (!open_.load()) return false;
    rb_.append_chunk(std::move(data));
    std::weak_ptr<ChunkedWriter> self = weak_from_this();
    rb_.flush([self](const restinio::asio_ns::error_code& ec) {
      if (!ec) return;
      if (auto w = self.lock()) w->open_.store(false);
    });
    return true;
  }
  bool open() const override { return open_.load(); }
  void close() override {
    std::lock_guard lock(mu_);
    if (!open_.exchange(false)) return;
    rb_.done();
  }
  /// Marks the stream closed without touching the connection (the server is going away).
  void abandon() {
    std::lock_guard lock(mu_);
    open_.store(false);
  }

 private:
  std::mutex mu_;
  std::atomic<bool> open_{true};
  Builder rb_;
};

using PlainTraits = restinio::traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;
using TlsTraits = restinio::tls_traits_t<restinio::asio_timer_manager_t, restinio::null_logger_t>;

}  // namespace

class Server::Impl {
 public:
  Impl(Dispatcher& d, ServerOptions o) : dispatcher_(d), options_(std::move(o)) {}
  ~Impl() { stop(); }
  Impl(const Impl&) = delete;
  Impl& operator=(const Impl&) = delete;

  std::string start() {
    pool_ = std::make_unique<WorkerPool>(options_.worker_threads, options_.max_queued);
    if (!options_.tls_cert.empty() && !options_.tls_key.empty()) {
      tls_server_ =
          restinio::run_async<TlsTraits>(restinio::own_io_context(), settings<TlsTraits>(true), options_.io_threads);
    } else {
      plain_server_ = restinio::run_async<PlainTraits>(restinio::own_io_context(), settings<PlainTraits>(false),
                                                       options_.io_threads);
    }
    return options_.host + ":" + std::to_string(bound_port_.load());
  }

  void stop() {
    // Order matters: stop accepting and the I/O threads first, then let the workers finish (their
    // responses are posted to the stopped I/O context and dropped), and only then free the
    // servers, whose io_context outlives every connection a worker still holds. Open streams stop
    // writing first.
    abandon_streams();
    if (plain_server_) {
      plain_server_->stop();
      plain_server_->wait();
    }
    if (tls_server_) {
      tls_server_->stop();
      tls_server_->wait();
    }
    if (pool_) pool_->stop();
    plain_server_.reset();
    tls_server_.reset();
  }

 private:
  template <typename Traits>
  restinio::server_settings_t<Traits> settings(bool tls) {
    restinio::server_settings_t<Traits> s;
    s.address(options_.host)
        .port(options_.port)
        .read_next_http_message_timelimit(options_.read_timeout)
        .write_http_response_timelimit(options_.write_timeout)
        .handle_request_timeout(options_.handle_timeout)
        .incoming_http_msg_limits(restinio::incoming_http_msg_limits_t{}
                                      .max_url_size(8192)
                                      .max_field_name_size(1024)
                                      .max_field_value_size(16384)
                                      .max_field_count(100)
                                      .max_body_size(options_.max_wire_body_bytes))
        .acceptor_post_bind_hook(
            [this](restinio::asio_ns::ip::tcp::acceptor& acceptor) { bound_port_ = acceptor.local_endpoint().port(); })
        .request_handler([this](auto req) { return on_request(std::move(req)); });
    if constexpr (std::is_same_v<Traits, TlsTraits>) {
      if (tls) {
        restinio::asio_ns::ssl::context ctx{restinio::asio_ns::ssl::context::tls_server};
        ctx.set_options(restinio::asio_ns::ssl::context::default_workarounds |
                        restinio::asio_ns::ssl::context::no_sslv2 | restinio::asio_ns::ssl::context::no_sslv3 |
                        restinio::asio_ns::ssl::context::no_tlsv1 | restinio::asio_ns::ssl::context::no_tlsv1_1);
        ctx.use_certificate_chain_file(options_.tls_cert);
        ctx.use_private_key_file(options_.tls_key, restinio::asio_ns::ssl::context::pem);
        s.tls_context(std::move(ctx));
      }
    }
    return s;
  }

  template <typename Req>
  restinio::request_handling_status_t on_request(Req req) {
    RawRequest raw;
    raw.method = std::string(req->header().method().c_str());
    raw.target = std::string(req->header().request_target());
    req->header().for_each_field([&raw](const restinio::http_header_field_t& f) {
      raw.headers.emplace_back(std::string(f.name()), std::string(f.value()));
    });
    raw.body = std::string(req->body());
    raw.remote_ip = req->remote_endpoint().address().to_string();
    auto task = [this, req, raw = std::move(raw)]() mutable {
      Response r = dispatcher_.dispatch(std::move(raw));
      if (r.stream) {
        start_stream(req, std::move(r));
      } else {
        send(req, r);
      }
    };
    if (!pool_->try_post(std::move(task))) {
      send(req, error_response(Error{ErrorCode::kUnavailable, "common.overloaded", nlohmann::json::object()}, "zh-CN",
                               "overloaded"));
    }
    return restinio::request_accepted();
  }

  template <typename Req>
  void start_stream(const Req& req, Response r) {
    auto rb = req->template create_response<restinio::chunked_output_t>(status_line(r.status));
    if (!r.content_type.empty()) rb.append_header(restinio::http_field::content_type, r.content_type);
    for (const auto& [k, v] : r.headers) rb.append_header(k, v);
    if (!r.body.empty()) rb.append_chunk(std::move(r.body));
    rb.flush();
    auto writer = std::make_shared<ChunkedWriter>(std::move(rb));
    {
      std::lock_guard lock(streams_mu_);
      if (stopping_) {
        writer->abandon();
        return;
      }
      std::erase_if(streams_, [](const std::weak_ptr<ChunkedWriter>& w) { return w.expired(); });
      streams_.push_back(writer);
    }
    r.stream(std::move(writer));
  }

  /// Streams still held by their owners stop writing before the I/O context goes away.
  void abandon_streams() {
    std::lock_guard lock(streams_mu_);
    stopping_ = true;
    for (auto& w : streams_) {
      if (auto s = w.lock()) s->abandon();
    }
    streams_.clear();
  }

  Dispatcher& dispatcher_;
  ServerOptions options_;
  std::mutex streams_mu_;
  bool stopping_ = false;
  std::vector<std::weak_ptr<ChunkedWriter>> streams_;
  std::atomic<std::uint16_t> bound_port_{0};
  std::unique_ptr<WorkerPool> pool_;
  restinio::running_server_handle_t<PlainTraits> plain_server_;
  restinio::running_server_handle_t<TlsTraits> tls_server_;
};

Server::Server(Dispatcher& dispatcher, ServerOptions options)
    : impl_(std::make_unique<Impl>(dispatcher, std::move(options))) {}
Server::~Server() = default;
std::string Server::start() { return impl_->start(); }
void Server::stop() { impl_->stop(); }

}  // namespace anxin::http
