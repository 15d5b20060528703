#pragma once
// Changing a hooks directory as one step. install-hooks changes several
// entries (a foreign hook renamed to `<hook>.local`, then warden's link put
// in its place, for each hook): done in place, an interruption between two
// steps would leave a hook missing, and git would silently skip the user's
// own hook. So the changes are made in a copy beside the directory
// (names, modes, times and link targets kept), and the copy is exchanged
// with the original by one renameat2(RENAME_EXCHANGE): git sees either the
// old directory or the new one.
#include <string>

namespace warden::install {

class HooksTransaction {
public:
  // Prepare a copy of `hooks_dir` (or an empty directory when it does not
  // exist yet). Stale copies left by an interrupted run are removed first.
  // Throws Error when the copy cannot be made.
  explicit HooksTransaction(std::string hooks_dir);
  ~HooksTransaction(); // removes the copy unless committed
  HooksTransaction(const HooksTransaction&) = delete;
  HooksTransaction& operator=(const HooksTransaction&) = delete;

  // Where changes are written: `path` (inside the hooks directory) mapped
  // into the copy.
  std::string staged(const std::string& path) const;

  // Put the copy in place of the hooks directory, in one step.
  void commit();

  // True when the hooks directory can be changed this way (a real
  // directory, or none yet); false for a symlinked hooks directory, which is
  // then changed in place.
  static bool supported(const std::string& hooks_dir);

private:
  std::string m_hooks_dir;
  std::string m_copy;
  bool m_existed = false;
  bool m_done = false;
};

} // namespace warden::install
