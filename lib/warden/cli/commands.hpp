#pragma once
// The `warden` umbrella command (docs/man/warden.1.in). Each subcommand lives in
// its own file under cli/ and registers itself with CLI11 here.
namespace warden::cli {

// Parse `argv`, run the subcommand, return the exit code (2 on usage errors).
int main(int argc, char** argv);

} // namespace warden::cli
