from records.cli import main

raise SystemExit(main())
