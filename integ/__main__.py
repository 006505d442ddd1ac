from integ.cli import main

main()
