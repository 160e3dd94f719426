"""``python -m medkg`` is the ``medkg`` command."""
from medkg.app.entry import main

main()
