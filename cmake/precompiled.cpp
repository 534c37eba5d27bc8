// The unit that the tests' precompiled header (cmake/Precompile.cmake) is compiled beside.
