"""``python -m medkg`` is the ``medkg`` command."""
from medkg.entry import main

main()
