from horizonscan.cli import main

main()
