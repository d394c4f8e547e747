from goallint.cli import main

main()
