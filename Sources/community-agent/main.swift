print("community-agent: under construction")
