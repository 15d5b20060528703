#include "warden/notify/outbox.hpp"

#include <catch2/catch.hpp>
#include <nlohmann/json.hpp>

#include <filesystem>
#include <fstream>
#include <random>

using namespace warden::notify;
namespace stdfs = std::filesystem;

namespace {

struct TempDir {
  stdfs::path path;
  TempDir() {
    path = stdfs::temp_directory_path() / ("warden-outbox-" + std::to_string(std::random_device{}()));
    stdfs::create_directories(path);
  }
  ~TempDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
};

} // namespace

TEST_CASE("Outbox::enqueue then claim_next and complete", "[notify]") {
  TempDir dir;
  Outbox outbox(dir.path / "outbox");
  outbox.enqueue("merge", "first", R"({"content":"a"})");
  outbox.enqueue("push", "second", R"({"content":"b"})");
  REQUIRE(outbox.pending().size() == 2);
  auto claimed = outbox.claim_next();
  REQUIRE(claimed);
  CHECK(claimed->summary == "first");
  CHECK(nlohmann::json::parse(claimed->payload)["content"] == "a");
  CHECK(outbox.pending().size() == 1);
  CHECK(outbox.sending().size() == 1);
  outbox.complete(*claimed);
  CHECK(outbox.sending().empty());
  auto second = outbox.claim_next();
  REQUIRE(second);
  CHECK(second->summary == "second");
  CHECK_FALSE(outbox.claim_next());
}

TEST_CASE("Outbox::release and fail record the attempt and the reason", "[notify]") {
  TempDir dir;
  Outbox outbox(dir.path / "outbox");
  outbox.enqueue("ci", "one", R"({"content":"a"})");
  outbox.enqueue("ci", "two", R"({"content":"b"})");
  outbox.release(*outbox.claim_next(), "HTTP 503");
  auto pending = outbox.pending();
  REQUIRE(pending.size() == 2);
  CHECK(pending[0].attempts == 1);
  CHECK(pending[0].last_error == "HTTP 503");
  auto claimed = outbox.claim_next();
  REQUIRE(claimed);
  outbox.fail(*claimed, "HTTP 400: Invalid Form Body (code 50035)");
  const auto failed = outbox.failed();
  REQUIRE(failed.size() == 1);
  CHECK(failed[0].last_error.find("50035") != std::string::npos);
  CHECK(outbox.pending().size() == 1);
}

TEST_CASE("Outbox::claim_next puts back claims of dead processes", "[notify]") {
  TempDir dir;
  Outbox outbox(dir.path / "outbox");
  outbox.enqueue("tag", "orphan", R"({"content":"a"})");
  const auto name = outbox.pending().front().name;
  stdfs::create_directories(outbox.dir() / "sending");
  // pid 999999999 cannot exist (pid_max is at most 4194304).
  stdfs::rename(outbox.dir() / name, outbox.dir() / "sending" / ("999999999." + name));
  CHECK(outbox.pending().empty());
  auto claimed = outbox.claim_next();
  REQUIRE(claimed);
  CHECK(claimed->summary == "orphan");
}

TEST_CASE("Outbox dead webhook record", "[notify]") {
  TempDir dir;
  Outbox outbox(dir.path / "outbox");
  CHECK_FALSE(outbox.dead_webhook());
  outbox.mark_dead({"abc", "https://discord.com/api/webhooks/1/***", "HTTP 404: Unknown Webhook", "2026-01-01T00:00:00Z"});
  auto dead = outbox.dead_webhook();
  REQUIRE(dead);
  CHECK(dead->fingerprint == "abc");
  CHECK(outbox.pending().empty()); // the record is not an event
  outbox.clear_dead();
  CHECK_FALSE(outbox.dead_webhook());
}
