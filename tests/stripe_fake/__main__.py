from stripe_fake.server import main

main()
