// The only translation unit that includes RESTinio and Asio.
#include "platform/http/server.hpp"

#include <restinio/all.hpp>
#include <restinio/tls.hpp>

#include <condition_variable>
#include <deque>
#include <future>
#include <thread>

#include "platform/log/log.hpp"

namespace anxin::http {
namespace {

/// Fixed pool of handler threads with a bounded queue.
class WorkerPool {
 public:
  WorkerPool(std::size_t threads, std::size_t max_queued) : max_queued_(max_queued) {
    for (std::size_t i = 0; i < threads; ++i) threads_.emplace_back([this] { run(); });
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

template <typename Req>
void send(const Req& req, const Response& r) {
  auto rb = req->create_response(restinio::http_status_line_t{
      restinio::http_status_code_t{static_cast<std::uint16_t>(r.status)}, reason_phrase(r.status)});
  if (!r.content_type.empty()) rb.append_header(restinio::http_field::content_type, r.content_type);
  for (const auto& [k, v] : r.headers) rb.append_header(k, v);
  rb.set_body(r.body);
  rb.done();
}

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
    // servers, whose io_context outlives every connection a worker still holds.
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
      send(req, r);
    };
    if (!pool_->try_post(std::move(task))) {
      send(req, error_response(Error{ErrorCode::kUnavailable, "common.overloaded", nlohmann::json::object()}, "zh-CN",
                               "overloaded"));
    }
    return restinio::request_accepted();
  }

  Dispatcher& dispatcher_;
  ServerOptions options_;
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
