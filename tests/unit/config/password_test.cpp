#include <doctest/doctest.h>

#include <cstdio>
#include <fstream>

#include "config/password.hpp"

using namespace sluice::config;

TEST_CASE("a password encrypted by DM's dmctl with its pre-v8 fixed key decrypts") {
  // DM's documentation: `dmctl -encrypt 123456` printed this with the fixed key.
  const auto legacy = password_cipher::legacy();
  CHECK(legacy.decrypt("VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=") == std::optional<std::string>("123456"));
  CHECK(legacy.decrypt_or_plaintext("VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=") == "123456");
}

TEST_CASE("encrypt then decrypt round-trips, with a fresh IV every time") {
  auto key = password_cipher::from_hex("00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff");
  REQUIRE(key);
  auto a = key->encrypt("s3cret: with spaces and ünïcode");
  auto b = key->encrypt("s3cret: with spaces and ünïcode");
  REQUIRE(a);
  REQUIRE(b);
  CHECK(*a != *b);
  CHECK(key->decrypt(*a) == std::optional<std::string>("s3cret: with spaces and ünïcode"));
  CHECK(key->decrypt(*b) == std::optional<std::string>("s3cret: with spaces and ünïcode"));
  CHECK(password_cipher::legacy().decrypt_or_plaintext(*a) != "s3cret: with spaces and ünïcode");
  auto empty = key->encrypt("");
  REQUIRE(empty);
  CHECK(key->decrypt(*empty) == std::optional<std::string>(""));
}

TEST_CASE("values that are not ciphertexts are plaintext passwords") {
  const auto legacy = password_cipher::legacy();
  CHECK_FALSE(legacy.decrypt("123456"));
  CHECK_FALSE(legacy.decrypt("not base64!"));
  CHECK_FALSE(legacy.decrypt(base64_encode("short")));
  CHECK_FALSE(legacy.decrypt(base64_encode("0123456789abcdefXno separator at byte 16")));
  CHECK(legacy.decrypt_or_plaintext("123456") == "123456");
  CHECK(legacy.decrypt_or_plaintext("") == "");
}

TEST_CASE("key files hold 64 hexadecimal characters") {
  CHECK(password_cipher::from_hex(std::string(64, 'a')));
  CHECK(password_cipher::from_hex("  " + std::string(64, 'F') + "\n"));
  auto short_key = password_cipher::from_hex("abcd");
  REQUIRE_FALSE(short_key);
  CHECK(short_key.error() == "an AES-256 key must be 64 hexadecimal characters, got 4");
  auto bad = password_cipher::from_hex(std::string(63, 'a') + "g");
  REQUIRE_FALSE(bad);
  CHECK(bad.error() == "an AES-256 key must be hexadecimal; character 64 is not");

  const std::string path = "/tmp/sluice_password_test.key";
  {
    std::ofstream(path) << "a529b7665997f043a30ac8fadcb51d6aa032c226ab5b7750530b12b8c1a16a48\n";
  }
  auto from_file = password_cipher::from_key_file(path);
  REQUIRE(from_file);
  CHECK(from_file->decrypt("VjX8cEeTX+qcvZ3bPaO4h0C80pe/1aU=") == std::optional<std::string>("123456"));
  std::remove(path.c_str());
  auto missing = password_cipher::from_key_file(path);
  REQUIRE_FALSE(missing);
  CHECK(missing.error() == "secret-key-path /tmp/sluice_password_test.key: cannot read the file");
}

TEST_CASE("base64 matches RFC 4648 test vectors") {
  CHECK(base64_encode("") == "");
  CHECK(base64_encode("f") == "Zg==");
  CHECK(base64_encode("fo") == "Zm8=");
  CHECK(base64_encode("foo") == "Zm9v");
  CHECK(base64_encode("foobar") == "Zm9vYmFy");
  CHECK(base64_decode("Zm9vYg==") == std::optional<std::string>("foob"));
  CHECK(base64_decode("Zm9vYmE=") == std::optional<std::string>("fooba"));
  CHECK_FALSE(base64_decode("Zm9"));
  CHECK_FALSE(base64_decode("Zm=v"));
}
