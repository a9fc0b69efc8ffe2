# What Git wants. The "cloud" is infra/objects/ (one JSON file per object) run by the test provider
# gitops-sync/jsonfile (test/tf-provider), so a refresh really reads what runs now, offline.
# terraform.tfstate is what was last applied (from applied.tf.txt); since then someone opened the
# firewall by hand and deleted the database object: drift made outside Git.
# ../recorded-plan.json is `terraform show -json` of a plan of this folder (scripts/record-demo-plan.ts).
terraform {
  required_providers {
    jsonfile = { source = "gitops-sync/jsonfile", version = "0.1.0" }
  }
}

provider "jsonfile" {
  directory = "${path.module}/objects"
}

variable "database_password" {
  type      = string
  sensitive = true
  default   = "demo-only-not-a-real-password"
}

resource "jsonfile_object" "web" {
  name    = "web"
  content = { image = "registry.example.com/web:1.5.0", replicas = "4" }
}

resource "jsonfile_object" "firewall" {
  name    = "firewall"
  content = { allowed_sources = "10.0.0.0/8", port = "443" }
}

resource "jsonfile_object" "database" {
  name    = "database"
  content = { engine = "postgres" }
  secret  = var.database_password
}

resource "jsonfile_object" "queue" {
  name    = "queue"
  content = { retention_days = "7" }
}
