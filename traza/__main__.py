from traza.cli import main

main()
