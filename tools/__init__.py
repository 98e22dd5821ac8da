"""Developer tools that run outside the installed package: the installer, the screenshots and
the live-server helper the browser tests, screenshots and benchmarks share."""
