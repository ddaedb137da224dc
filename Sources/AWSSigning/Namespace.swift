// AWSSigning
